package dev.calloutcomes.testing;

import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.call.OwnerEvidence;
import dev.calloutcomes.outcome.Disposition;
import dev.calloutcomes.outcome.Outcome;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Calls for tests of a store or an API: {@link #everyField} sets every component of {@link CallRecord} to a value of
 * its own, none null, none a default, so that a field a layer forgets (a column, a JSON name) shows as a difference.
 * Stateless.
 */
public final class SampleCalls {
    private SampleCalls() {
    }

    /**
     * An ended call of {@code tenantId} in which every component is set, each to a value no other component has;
     * a component that groups others ({@link CallRecord.Timing}, ...) is built the same way, field by field.
     */
    public static CallRecord everyField(String tenantId, Instant at) {
        return (CallRecord) build(CallRecord.class, tenantId, at, new int[1]);
    }

    /** A {@code type} record with each component set by {@link #value}; {@code counter} numbers the leaves. */
    private static Object build(Class<?> type, String tenantId, Instant at, int[] counter) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = types[i].isRecord() && types[i].getEnclosingClass() == CallRecord.class
                    ? build(types[i], tenantId, at, counter)
                    : value(leafName(type, components[i]), types[i], tenantId, at, counter[0]++);
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a " + type.getSimpleName(), e);
        }
    }

    /**
     * The flat name of every field of a call, as {@link CallRecord.Builder}'s setters and the call API's JSON spell
     * them ({@code roomSid}, {@code recordingUrl}), groups opened, in the record's order.
     */
    public static List<String> fieldNames() {
        return List.copyOf(fieldTypes().keySet());
    }

    /** The type of field {@code name} of {@link #fieldNames}. */
    public static Class<?> fieldType(String name) {
        Class<?> type = fieldTypes().get(name);
        if (type == null) {
            throw new IllegalArgumentException("a call has no field " + name);
        }
        return type;
    }

    private static Map<String, Class<?>> fieldTypes() {
        Map<String, Class<?>> types = new LinkedHashMap<>();
        for (RecordComponent component : CallRecord.class.getRecordComponents()) {
            Class<?> type = component.getType();
            if (type.isRecord() && type.getEnclosingClass() == CallRecord.class) {
                for (RecordComponent field : type.getRecordComponents()) {
                    types.put(leafName(type, field), field.getType());
                }
            } else {
                types.put(component.getName(), type);
            }
        }
        return types;
    }

    /** The flat name of a component: its JSON name, as {@link CallRecord.Builder}'s setters spell it. */
    private static String leafName(Class<?> group, RecordComponent c) {
        if (group == CallRecord.Room.class) {
            return "room" + capitalized(c.getName());
        }
        if (group == CallRecord.Recording.class) {
            return "recording" + capitalized(c.getName());
        }
        if (group == CallRecord.Ownership.class) {
            return "owner" + capitalized(c.getName());
        }
        return c.getName();
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static Object value(String name, Class<?> type, String tenantId, Instant at, int i) {
        if (name.equals("id")) {
            return UUID.nameUUIDFromBytes((tenantId + "every-field").getBytes(StandardCharsets.UTF_8)).toString();
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
