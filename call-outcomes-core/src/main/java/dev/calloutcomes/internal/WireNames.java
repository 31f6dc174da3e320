package dev.calloutcomes.internal;

import dev.calloutcomes.UnknownWireNameException;
import java.util.Locale;

/** Closed sets by their wire names (lower-case constant names). Internal. */
public final class WireNames {
    private WireNames() {
    }

    /** The lower-case name of {@code value}. */
    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} whose name is {@code name} in any case.
     *
     * @throws UnknownWireNameException with {@code refusal} as its message when there is none
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
        throw new UnknownWireNameException(refusal);
    }
}
