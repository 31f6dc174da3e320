package dev.calloutcomes.internal.engine;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The stuck-call sweep's verdict, stored as a synthetic event of the call, so that it is part of the set
 * the call is computed from: the call stays closed however its other events arrive or are reprocessed,
 * unless a real final event ends it with its real outcome. A webhook cannot forge one: its type is none of
 * LiveKit's, so intake ignores it (see {@link LiveKitEvent#isCallEvent()}).
 */
final class SweptFact {
    static final String TYPE = "call_outcomes_swept";

    private SweptFact() {
    }

    static boolean is(LiveKitEvent event) {
        return TYPE.equals(event.type());
    }

    /** The fact that the sweep closed {@code call} at {@code at}; one per call (its id derives from the call's). */
    static StoredEvent of(CallRecord call, Instant at) {
        String id = "swept-" + call.id();
        byte[] body = ("{\"event\":\"" + TYPE + "\",\"id\":\"" + id + "\",\"createdAt\":" + at.getEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8);
        return new StoredEvent(id, call.tenantId(), call.id(), TYPE, call.room().sid(), call.room().name(),
                EventStatus.PROCESSED, null, StoredEvent.encodePayload(body), at, at, 1);
    }
}
