package dev.calloutcomes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/** Reading fields of JSON bodies we are handed (facts, registrations). */
public final class JsonFields {
    private JsonFields() {
    }

    /**
     * The text of {@code node}'s {@code field}, null when absent or JSON null.
     *
     * @throws RuntimeException {@code invalid}'s, given "{@code <field> must be a string}", when it is not a string
     */
    public static String text(JsonNode node, String field, Function<String, ? extends RuntimeException> invalid) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid.apply(field + " must be a string");
        }
        return value.asText();
    }
}
