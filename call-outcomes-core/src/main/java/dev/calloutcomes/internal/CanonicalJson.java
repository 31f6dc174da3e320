package dev.calloutcomes.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.Map;

/**
 * JSON objects in canonical form: compact, keys sorted at every level. Stores that reformat JSON
 * (PostgreSQL's JSONB does) return call metadata in this form, so records compare equal. Internal.
 */
public final class CanonicalJson {
    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private CanonicalJson() {
    }

    /** {@code json}, an object, in canonical form; null for null. */
    public static String of(String json) {
        if (json == null) {
            return null;
        }
        try {
            return CANONICAL.writeValueAsString(CANONICAL.readValue(json, Map.class));
        } catch (IOException e) {
            throw new IllegalStateException("call metadata is not a JSON object", e);
        }
    }
}
