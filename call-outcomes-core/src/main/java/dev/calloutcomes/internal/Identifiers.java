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
    private static final char LINE_SEPARATOR = (char) 0x2028;
    private static final char PARAGRAPH_SEPARATOR = (char) 0x2029;

    private Identifiers() {
    }

    /** Whether {@code value} is non-blank, at most {@link #MAX_LENGTH} characters, and free of control characters. */
    public static boolean isValid(String value) {
        return value != null && !value.isBlank() && value.length() <= MAX_LENGTH && hasNoControlCharacter(value);
    }

    /**
     * Whether {@code value} holds no control character (C0, DEL or C1) and is valid UTF-16 (no lone surrogate, which
     * no database stores as it is: PostgreSQL would keep a {@code ?} in its place, so two identifiers would meet).
     */
    public static boolean hasNoControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return false;
            }
        }
        return isWellFormed(value);
    }

    /** Whether {@code value} is valid UTF-16: every surrogate in a pair. */
    public static boolean isWellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /**
     * {@code value} fit for a log line: control characters (a newline that would start a forged line, say) and lone
     * surrogates written as a backslash, {@code u} and four hex digits; null as {@code null}.
     */
    public static String forLog(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = null; // built only when something needs escaping: every webhook's log line passes here
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            boolean unsafe = !pair && (Character.isISOControl(c) || Character.isSurrogate(c) || c == LINE_SEPARATOR
                    || c == PARAGRAPH_SEPARATOR);
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (unsafe) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                    if (pair) {
                        out.append(text.charAt(i + 1));
                    }
                }
            }
            if (pair) {
                i++;
            }
        }
        return out == null ? text : out.toString();
    }
}
