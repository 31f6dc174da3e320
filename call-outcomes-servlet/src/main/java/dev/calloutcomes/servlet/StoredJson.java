package dev.calloutcomes.servlet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;

/**
 * JSON the store keeps as text (metadata, analysis, carrier ids), written back into a response as it is: checked
 * with a streaming parser (no tree per row), then copied raw. Text that is not a JSON value within
 * {@link #MAX_DEPTH} levels is written as a JSON string instead, so that a response is always valid JSON.
 */
final class StoredJson {
    /** Deeper than any metadata a registration may hold ({@code CallRegistration.MAX_METADATA_DEPTH}), far below Jackson's write limit. */
    static final int MAX_DEPTH = 64;
    private static final JsonFactory FACTORY = new JsonFactory();

    private StoredJson() {
    }

    /** {@code json} as a value Jackson writes raw, or {@code json} itself (a string) when it is not such a value; null stays null. */
    static Object of(String json) {
        if (json == null) {
            return null;
        }
        return isValue(json) ? new RawValue(json) : json;
    }

    private static boolean isValue(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            int depth = 0;
            JsonToken token = parser.nextToken();
            if (token == null) {
                return false;
            }
            do {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    if (++depth > MAX_DEPTH) {
                        return false;
                    }
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                }
                if (depth == 0) {
                    return parser.nextToken() == null;
                }
            } while ((token = parser.nextToken()) != null);
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
