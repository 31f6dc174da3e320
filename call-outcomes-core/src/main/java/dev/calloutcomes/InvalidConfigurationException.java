package dev.calloutcomes;

/** A builder was given a value it cannot accept; the message names the field and the bad value. */
public final class InvalidConfigurationException extends CallOutcomesException {
    public InvalidConfigurationException(String message) {
        super(message);
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
