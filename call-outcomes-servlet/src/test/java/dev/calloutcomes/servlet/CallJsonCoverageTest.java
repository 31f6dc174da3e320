package dev.calloutcomes.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.testing.SampleCalls;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every field of {@link CallRecord} has a JSON name in the call API and an entry in the OpenAPI document: a field
 * added to the record and forgotten in {@link CallJson} or {@code openapi.yaml} fails here.
 */
class CallJsonCoverageTest {
    /** Fields whose JSON name is not their flat name (the seed's), and the one the API does not show (a tenant's own registration). */
    private static final Map<String, String> JSON_NAMES = Map.of("tenantId", "userId", "durationSeconds", "duration");
    private static final Set<String> NOT_SHOWN = Set.of("registration");

    @Test
    void everyFieldOfACallHasAJsonNameAndAnOpenApiEntry() throws Exception {
        CallRecord call = SampleCalls.everyField("acme", Instant.parse("2026-12-04T20:00:00Z"));
        JsonNode json = Http.JSON.readTree(Http.JSON.writeValueAsBytes(CallJson.call(call)));
        JsonNode schema;
        try (InputStream in = CallsServlet.class.getResourceAsStream("openapi.yaml")) {
            schema = new ObjectMapper(new YAMLFactory()).readTree(in).at("/components/schemas/Call/properties");
        }
        Set<String> expected = new TreeSet<>();
        for (String field : SampleCalls.fieldNames()) {
            if (NOT_SHOWN.contains(field)) {
                continue;
            }
            String name = JSON_NAMES.getOrDefault(field, field);
            expected.add(name);
            assertThat(json.hasNonNull(name)).as("CallJson writes %s", name).isTrue();
            assertThat(schema.has(name)).as("openapi.yaml documents %s", name).isTrue();
        }
        Set<String> written = new TreeSet<>();
        json.fieldNames().forEachRemaining(written::add);
        assertThat(written).as("nothing beyond the record's fields").isEqualTo(expected);
    }
}
