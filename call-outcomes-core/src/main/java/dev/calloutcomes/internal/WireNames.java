package dev.calloutcomes.internal;

import dev.calloutcomes.InvalidInputException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Closed sets by their wire names (lower-case constant names). Internal. */
public final class WireNames {
    private WireNames() {
    }

    /** The lower-case name of {@code value}. */
    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constants of {@code type} but {@code except} by wire name, for exact (byte-for-byte) lookups of
     * values a sender writes in lower case; built once per type.
     */
    public static <E extends Enum<E>> Map<String, E> byWireName(Class<E> type, E except) {
        Map<String, E> byName = new HashMap<>();
        for (E constant : type.getEnumConstants()) {
            if (constant != except) {
                byName.put(of(constant), constant);
            }
        }
        return Map.copyOf(byName);
    }

    /**
     * The constant of {@code type} whose name is {@code name} in any case.
     *
     * @throws InvalidInputException with {@code refusal} as its message when there is none
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String name, String refusal) {
        if (name != null) {
            String wanted = name.toUpperCase(Locale.ROOT);
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(wanted)) {
                    return constant;
                }
            }
        }
        throw new InvalidInputException(refusal);
    }
}
