package dev.calloutcomes.internal;

/**
 * How deep a JSON text nests, counted over its brackets outside strings, without parsing it into a tree. Not API.
 * Stateless; thread-safe.
 */
public final class JsonDepth {
    private JsonDepth() {
    }

    /** The deepest nesting of objects and arrays in {@code json} (0 for a scalar). */
    public static int of(String json) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return deepest;
    }
}
