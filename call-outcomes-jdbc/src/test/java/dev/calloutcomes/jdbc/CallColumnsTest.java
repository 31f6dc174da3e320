package dev.calloutcomes.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.testing.SampleCalls;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every field of {@link CallRecord} has a column: unsetting any one field of a call whose fields are all set changes
 * what its row binds. A field added to the record and forgotten in {@link CallColumns} fails here (the store contract's
 * round trip then fails on every database too).
 */
class CallColumnsTest {
    private static final CallRecord EVERY_FIELD = SampleCalls.everyField("acme", Instant.parse("2026-12-04T20:00:00Z"));

    @Test
    void everyFieldOfACallIsWrittenToAColumn() throws Exception {
        Map<String, Object> all = CallColumns.params(EVERY_FIELD);
        List<String> fields = SampleCalls.fieldNames();
        assertThat(fields).hasSizeGreaterThan(30);
        for (String field : fields) {
            Class<?> type = SampleCalls.fieldType(field);
            Method setter = CallRecord.Builder.class.getMethod(field, type);
            CallRecord.Builder b = EVERY_FIELD.toBuilder();
            setter.invoke(b, type == boolean.class ? Boolean.FALSE : null);
            if (field.equals("status")) {
                continue; // never null: its column is checked below
            }
            assertThat(CallColumns.params(b.build())).as("a column holds %s", field).isNotEqualTo(all);
        }
        assertThat(all).as("every parameter set").doesNotContainValue(null).containsEntry("status", "ended");
    }

    @Test
    void everyColumnIsReadAndWrittenOnce() {
        List<String> names = CallColumns.ALL.stream().map(CallColumns.Column::name).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(CallColumns.ALL.stream().map(CallColumns.Column::param).collect(Collectors.toSet())).hasSize(names.size());
        assertThat(SchemaCheck.required().get(CallLogs.NAME)).containsExactlyElementsOf(names);
        assertThat(CallLogs.update(Dialect.H2)).doesNotContain("\"createdAt\" =").contains("\"updatedAt\" = :updatedAt");
    }
}
