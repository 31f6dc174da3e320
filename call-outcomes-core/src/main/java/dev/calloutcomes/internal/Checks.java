package dev.calloutcomes.internal;

import dev.calloutcomes.InvalidConfigurationException;

/** Validation of configuration values, for builders. Internal. */
public final class Checks {
    private Checks() {
    }

    /** Fails with a message naming {@code field} unless {@code condition} holds. */
    public static void require(boolean condition, String field, Object value, String expectation) {
        if (!condition) {
            throw new InvalidConfigurationException(field + " " + expectation + ", was: " + value);
        }
    }

    /** Returns {@code value}, or fails with a message naming {@code field} when it is null. */
    public static <T> T requireNonNull(T value, String field) {
        if (value == null) {
            throw new InvalidConfigurationException(field + " must not be null");
        }
        return value;
    }
}
