package dev.calloutcomes.testing;

import dev.calloutcomes.outcome.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates the protojson events of synthetic SIP calls, in LiveKit's format, for property,
 * concurrency and load tests. Deterministic for a given seed.
 */
public final class SyntheticCalls {
    private SyntheticCalls() {
    }

    /** The events of call {@code n} of {@code tenant}, ending as {@code ending}. */
    public static List<byte[]> call(String tenant, int n, Outcome ending, long baseEpochSeconds) {
        String room = "sip-1555" + String.format("%07d", n) + "__" + baseEpochSeconds + "__t" + Math.abs(tenant.hashCode() % 1000);
        String sid = "RM_" + tenant + "_" + n;
        String phone = "+1555" + String.format("%07d", n);
        long t = baseEpochSeconds;
        String roomJson = "{\"sid\":\"" + sid + "\",\"name\":\"" + room + "\",\"creationTime\":\"" + t + "\"}";
        String metaRoom = "{\"sid\":\"" + sid + "\",\"name\":\"" + room + "\",\"creationTime\":\"" + t
                + "\",\"metadata\":\"{\\\"tenantId\\\":\\\"" + tenant + "\\\",\\\"campaignId\\\":\\\"camp-" + (n % 3)
                + (ending == Outcome.VOICEMAIL ? "\\\",\\\"outcome\\\":\\\"voicemail" : "") + "\\\"}\"}";
        String reason;
        String status;
        long talk;
        switch (ending) {
            case BUSY -> { reason = "USER_REJECTED"; status = "ringing"; talk = 8; }
            case NO_ANSWER -> { reason = "USER_UNAVAILABLE"; status = "ringing"; talk = 30; }
            case FAILED -> { reason = "SIP_TRUNK_FAILURE"; status = "dialing"; talk = 1; }
            default -> { reason = "CLIENT_INITIATED"; status = "hangup"; talk = 40 + n % 100; }
        }
        String callee = "\"sid\":\"PA_" + n + "\",\"identity\":\"sip_" + phone + "\",\"kind\":\"SIP\",\"joinedAt\":\"" + (t + 1) + "\"";
        String attrs = "\"attributes\":{\"sip.callID\":\"SCL_" + n + "\",\"sip.phoneNumber\":\"" + phone
                + "\",\"sip.trunkPhoneNumber\":\"+15105550000\",\"sip.callStatus\":\"";
        // livekit/sip sets sip.callIDFull and sip.callTag on an outbound leg only after the 200 OK.
        String answeredAttributes = talk >= 10 && !"ringing".equals(status) && !"dialing".equals(status)
                ? ",\"sip.callIDFull\":\"" + n + "@203.0.113.7\",\"sip.callTag\":\"tag" + n + "\"" : "";
        List<String> events = new ArrayList<>();
        String id = tenant + "_" + n;
        events.add("{\"event\":\"room_started\",\"room\":" + roomJson + ",\"id\":\"EV_start_" + id + "\",\"createdAt\":\"" + t + "\"}");
        events.add("{\"event\":\"participant_joined\",\"room\":" + roomJson + ",\"participant\":{" + callee + ",\"state\":\"ACTIVE\","
                + attrs + "dialing\"}},\"id\":\"EV_join_" + id + "\",\"createdAt\":\"" + (t + 1) + "\"}");
        events.add("{\"event\":\"participant_left\",\"room\":" + roomJson + ",\"participant\":{" + callee + ",\"state\":\"DISCONNECTED\","
                + attrs + status + "\"" + answeredAttributes + "},\"disconnectReason\":\"" + reason + "\"},\"id\":\"EV_left_" + id + "\",\"createdAt\":\"" + (t + 1 + talk) + "\"}");
        events.add("{\"event\":\"participant_left\",\"room\":" + roomJson + ",\"participant\":{\"sid\":\"PA_agent" + n
                + "\",\"identity\":\"agent-" + n + "\",\"kind\":\"AGENT\",\"disconnectReason\":\"ROOM_DELETED\"},\"id\":\"EV_agent_" + id
                + "\",\"createdAt\":\"" + (t + 2 + talk) + "\"}");
        if (ending == Outcome.COMPLETED || ending == Outcome.VOICEMAIL) {
            events.add("{\"event\":\"egress_ended\",\"id\":\"EV_egress_" + id + "\",\"createdAt\":\"" + (t + 3 + talk)
                    + "\",\"egressInfo\":{\"egressId\":\"EG_" + id + "\",\"roomId\":\"" + sid + "\",\"roomName\":\"" + room
                    + "\",\"status\":\"EGRESS_COMPLETE\",\"fileResults\":[{\"location\":\"https://rec.example.com/" + id + ".ogg\"}]}}");
        }
        events.add("{\"event\":\"room_finished\",\"room\":" + metaRoom + ",\"id\":\"EV_fin_" + id + "\",\"createdAt\":\"" + (t + 4 + talk) + "\"}");
        return events.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** A random ending drawn from {@code random}. */
    public static Outcome randomEnding(Random random) {
        Outcome[] all = Outcome.values();
        return all[random.nextInt(all.length)];
    }
}
