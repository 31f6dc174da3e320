package dev.calloutcomes.testing;

import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.call.OwnerEvidence;
import dev.calloutcomes.outcome.Disposition;
import dev.calloutcomes.outcome.Outcome;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.UUID;

/**
 * Calls for tests of a store or an API: {@link #everyField} sets every component of {@link CallRecord} to a value of
 * its own, none null, none a default, so that a field a layer forgets (a column, a JSON name) shows as a difference.
 * Stateless.
 */
public final class SampleCalls {
    private SampleCalls() {
    }

    /** An ended call of {@code tenantId} in which every component is set, each to a value no other component has. */
    public static CallRecord everyField(String tenantId, Instant at) {
        Object[] values = new Object[CallRecord.class.getRecordComponents().length];
        RecordComponent[] components = CallRecord.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i], tenantId, at, i);
        }
        try {
            return CallRecord.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a CallRecord", e);
        }
    }

    private static Object value(RecordComponent c, String tenantId, Instant at, int i) {
        String name = c.getName();
        Class<?> type = c.getType();
        if (name.equals("id")) {
            return UUID.nameUUIDFromBytes((tenantId + "every-field").getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        }
        if (name.equals("tenantId")) {
            return tenantId;
        }
        if (name.equals("phoneNumber")) {
            return "+15550009999";
        }
        if (name.equals("trunkNumber")) {
            return "+15105550000";
        }
        if (name.equals("metadata") || name.equals("carrierCallIds") || name.equals("analysis")) {
            return "{\"" + name + "\":\"v\"}";
        }
        if (name.equals("recordingUrl") || name.equals("transcriptUrl")) {
            return "https://example.com/" + name;
        }
        if (type == String.class) {
            return name + "-value";
        }
        if (type == Instant.class) {
            return at.minusSeconds(1000L - 10L * i);
        }
        if (type == Long.class) {
            return 10L + i;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == CallStatus.class) {
            return CallStatus.ENDED;
        }
        if (type == Outcome.class) {
            return Outcome.BUSY;
        }
        if (type == Disposition.class) {
            return Disposition.BUSY;
        }
        if (type == CallDirection.class) {
            return CallDirection.INBOUND;
        }
        if (type == OwnerEvidence.class) {
            return OwnerEvidence.ROOM_METADATA;
        }
        if (type == CallRegistration.class) {
            return new CallRegistration(tenantId, "roomName-value", "+15550009999", CallDirection.INBOUND, "campaignId-value",
                    "leadId-value", "{\"metadata\":\"v\"}", "sipCallId-value");
        }
        throw new IllegalStateException("SampleCalls.everyField has no value for " + name + " (" + type.getSimpleName()
                + "): give the new field one");
    }
}
