package dev.calloutcomes.internal;

/**
 * What an identifier from outside (a tenant, a filter value, a cursor's id) may hold: text of at most
 * {@link #MAX_LENGTH} characters without control characters. A NUL is refused by PostgreSQL's text
 * types, and control characters in a tenant or filter are never legitimate; refusing them at the edge
 * keeps a client's mistake a client error, not a storage failure. Not API. Stateless; thread-safe.
 */
public final class Identifiers {
    /** The longest identifier accepted (the identifier columns hold 255 characters). */
    public static final int MAX_LENGTH = 255;

    private Identifiers() {
    }

    /** Whether {@code value} is non-blank, at most {@link #MAX_LENGTH} characters, and free of control characters. */
    public static boolean isValid(String value) {
        return value != null && !value.isBlank() && value.length() <= MAX_LENGTH && hasNoControlCharacter(value);
    }

    /** Whether {@code value} holds no control character (C0, DEL or C1). */
    public static boolean hasNoControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
