package dev.calloutcomes.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.webhook.WebhookVerifiers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A store keeps every event once and every unit of work whole: duplicates, batches, units that create, attach, defer and roll back. Part of {@link OutcomeStoreContract}, which a store's test extends.
 */
public interface IdempotencyContract extends StoreUnderTest {
    @Test
    default void storesAnEventOnlyOnce() {
        assertThat(inserted(event("E1", null, "RM", "room"))).isTrue();
        assertThat(inserted(event("E1", null, "RM", "room"))).isFalse();
        assertThat(store().findEvent("E1")).get().extracting(StoredEvent::status).isEqualTo(EventStatus.PENDING);
    }

    @Test
    default void insertsABatchOfEventsEachOnlyOnce() {
        assertThat(inserted(event("B1", null, "RM", "room"))).isTrue();
        List<Boolean> inserted = store().inTransaction(tx -> tx.insertEventsIfAbsent(List.of(event("B0", null, "RM", "room"),
                event("B1", null, "RM", "room"), event("B2", null, "RM", "room"), event("B2", null, "RM", "room"))));
        assertThat(inserted).containsExactly(true, false, true, false);
        assertThat(store().findEvent("B0")).isPresent();
        assertThat(store().findEvent("B2")).get().extracting(StoredEvent::payload).isEqualTo(event("B2", null, "RM", "room").payload());
        assertThat(store().findEventsByStatus(EventStatus.PENDING, 10)).hasSize(3);
    }

    @Test
    default void aUnitOfWorkSeesEveryEventItAttachesToACallItCreated() {
        CallRecord skeleton = CallRecord.skeleton("call-x", "acme", "RM_X", "room-x", T0);
        store().inTransaction(tx -> tx.insertEventIfAbsent(new StoredEvent("orphan", null, null, "room_started", "RM_X", "room-x",
                EventStatus.FAILED, "no tenant", "{}", T0, T0, 1)));
        List<List<String>> seen = store().inTransaction(tx -> {
            List<List<String>> views = new ArrayList<>();
            StoredEvent a = event("A", null, "RM_X", "room-x");
            tx.insertEventIfAbsent(a);
            tx.lockOrCreateCall(skeleton);
            tx.attachEvent("acme", "call-x", a);
            views.add(tx.loadCallEvents("acme", "call-x").stream().map(StoredEvent::eventId).sorted().toList());
            StoredEvent b = event("B", null, "RM_X", "room-x");
            tx.insertEventIfAbsent(b);
            tx.lockOrCreateCall(skeleton);
            tx.attachEvent("acme", "call-x", b);
            views.add(tx.loadCallEvents("acme", "call-x").stream().map(StoredEvent::eventId).sorted().toList());
            views.add(tx.loadCallEvents("other", "call-x").stream().map(StoredEvent::eventId).toList());
            return views;
        });
        assertThat(seen).containsExactly(List.of("A", "orphan"), List.of("A", "B", "orphan"), List.of());
        assertThat(store().findCallEvents("acme", "call-x")).extracting(StoredEvent::status).containsOnly(EventStatus.PROCESSED);

        CallRecord other = CallRecord.skeleton("call-y", "acme", "RM_Y", "room-y", T0);
        // The synchronous path: the event is inserted already attached to the call created for it.
        List<StoredEvent> alone = store().inTransaction(tx -> {
            tx.lockOrCreateCall(other);
            tx.insertEventIfAbsent(event("C", null, "RM_Y", "room-y").withCall("acme", "call-y").withStatus(EventStatus.PROCESSED, null));
            tx.attachOrphans("acme", "call-y", "RM_Y", "room-y");
            return tx.loadCallEvents("acme", "call-y");
        });
        assertThat(alone).singleElement().satisfies(e -> {
            assertThat(e).isEqualTo(store().findEvent("C").orElseThrow());
            assertThat(e.status()).isEqualTo(EventStatus.PROCESSED);
            assertThat(e.callId()).isEqualTo("call-y");
            assertThat(e.tenantId()).isEqualTo("acme");
        });
    }

    @Test
    default void eventsKeptAsFailedEarlierInAUnitOfWorkAreAdoptedInIt() {
        store().inTransaction(tx -> tx.insertEventIfAbsent(event("P", null, "RM_Z", "room-z")));
        List<String> adoptedAfterMark = store().inTransaction(tx -> {
            assertThat(tx.findRoomOwner("RM_Z", "room-z")).isEmpty();
            tx.markEvent("P", EventStatus.FAILED, "no tenant");
            tx.lockOrCreateCall(CallRecord.skeleton("call-z", "acme", "RM_Z", "room-z", T0));
            tx.attachOrphans("acme", "call-z", "RM_Z", "room-z");
            return tx.loadCallEvents("acme", "call-z").stream().map(StoredEvent::eventId).toList();
        });
        assertThat(adoptedAfterMark).containsExactly("P");
        List<String> adoptedAfterInsert = store().inTransaction(tx -> {
            assertThat(tx.findRoomOwner("RM_W", "room-w")).isEmpty();
            tx.insertEventIfAbsent(new StoredEvent("O", null, null, "room_started", "RM_W", "room-w", EventStatus.FAILED, "no tenant",
                    "{}", T0, T0, 1));
            tx.lockOrCreateCall(CallRecord.skeleton("call-w", "acme", "RM_W", "room-w", T0));
            tx.attachOrphans("acme", "call-w", "RM_W", "room-w");
            return tx.loadCallEvents("acme", "call-w").stream().map(StoredEvent::eventId).toList();
        });
        assertThat(adoptedAfterInsert).containsExactly("O");
    }

    /** What group commit does: rooms looked up at once, writes held back; the answers and the rows are as without. */
    @Test
    default void aUnitOfWorkWithPrefetchedRoomsAndDeferredWritesAnswersAndStoresAsWithout() {
        store().inTransaction(tx -> {
            tx.lockOrCreateCall(CallRecord.skeleton("call-old", "acme", "RM_OLD", "room-old", T0));
            return tx.insertEventIfAbsent(new StoredEvent("orphan", null, null, "room_started", null, "room-orphan",
                    EventStatus.FAILED, "no tenant", "{}", T0, T0, 1));
        });
        List<Object> answers = store().inTransaction(tx -> {
            tx.deferWrites();
            tx.prefetchRooms(List.of(event("x1", null, "RM_OLD", "room-old"), event("x2", null, "RM_NEW", "room-new"),
                    event("x3", null, null, "room-orphan"), event("x4", null, null, null)));
            List<Object> seen = new ArrayList<>();
            seen.add(tx.findRoomOwner("RM_OLD", null));
            seen.add(tx.findCallIdByRoom("acme", null, "room-old"));
            seen.add(tx.findRoomOwner("RM_NEW", "room-new"));
            // An existing call: locked, its event inserted attached, then written.
            CallRecord old = tx.lockOrCreateCall(CallRecord.skeleton("call-old", "acme", "RM_OLD", "room-old", T0));
            tx.insertEventIfAbsent(event("E-old", null, "RM_OLD", "room-old").withCall("acme", "call-old")
                    .withStatus(EventStatus.PROCESSED, null));
            tx.upsertCall(withStatus(old, CallStatus.RINGING));
            // A new call: created, its event inserted attached, written; a second lookup of its room finds it.
            CallRecord fresh = tx.lockOrCreateCall(CallRecord.skeleton("call-new", "acme", "RM_NEW", "room-new", T0));
            tx.insertEventIfAbsent(event("E-new", null, "RM_NEW", "room-new").withCall("acme", "call-new")
                    .withStatus(EventStatus.PROCESSED, null));
            tx.attachOrphans("acme", "call-new", "RM_NEW", "room-new");
            seen.add(tx.loadCallEvents("acme", "call-new").stream().map(StoredEvent::eventId).toList());
            tx.upsertCall(withStatus(fresh, CallStatus.IN_PROGRESS));
            seen.add(tx.findRoomOwner("RM_NEW", "room-new"));
            seen.add(tx.findCallIdByRoom("acme", null, "room-new"));
            seen.add(tx.lockOrCreateCall(CallRecord.skeleton("call-new", "acme", "RM_NEW", "room-new", T0)).status());
            // A room with an orphan: the orphan is adopted.
            tx.lockOrCreateCall(CallRecord.skeleton("call-orphan", "acme", null, "room-orphan", T0));
            tx.attachOrphans("acme", "call-orphan", null, "room-orphan");
            seen.add(tx.loadCallEvents("acme", "call-orphan").stream().map(StoredEvent::eventId).toList());
            return seen;
        });
        assertThat(answers).containsExactly(Optional.of("acme"), Optional.of("call-old"),
                Optional.empty(), List.of("E-new"), Optional.of("acme"), Optional.of("call-new"),
                CallStatus.IN_PROGRESS, List.of("orphan"));
        assertThat(store().findCall("acme", "call-old")).get().extracting(CallRecord::status).isEqualTo(CallStatus.RINGING);
        assertThat(store().findCall("acme", "call-new")).get().extracting(CallRecord::status).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(store().findCallEvents("acme", "call-old")).extracting(StoredEvent::eventId).containsExactly("E-old");
        assertThat(store().findCallEvents("acme", "call-new")).extracting(StoredEvent::eventId).containsExactly("E-new");
        assertThat(store().findCallEvents("acme", "call-orphan")).extracting(StoredEvent::eventId).containsExactly("orphan");
    }

    /** What workers do with a claimed batch: stored events attached to their calls, rooms prefetched, writes held back. */
    @Test
    default void storedEventsAttachedWithWritesHeldBackAreSeenAndStoredAsWithout() {
        StoredEvent a = event("W-a", null, "RM_A", "room-a");
        StoredEvent b = event("W-b", null, null, "room-b");
        StoredEvent orphan = new StoredEvent("W-orphan", null, null, "room_started", null, "room-b", EventStatus.FAILED,
                "no tenant", "{}", T0, T0, 1);
        store().inTransaction(tx -> tx.insertEventsIfAbsent(List.of(a, b, orphan)));
        List<List<String>> seen = store().inTransaction(tx -> {
            tx.deferWrites();
            tx.prefetchRooms(List.of(a, b));
            List<List<String>> views = new ArrayList<>();
            for (StoredEvent e : List.of(a, b)) {
                String callId = "call-" + e.roomName();
                CallRecord call = tx.lockOrCreateCall(CallRecord.skeleton(callId, "acme", e.roomSid(), e.roomName(), T0));
                tx.attachEvent("acme", callId, e);
                views.add(tx.loadCallEvents("acme", callId).stream().map(StoredEvent::eventId).sorted().toList());
                tx.upsertCall(withStatus(call, CallStatus.IN_PROGRESS));
            }
            return views;
        });
        // room-b had an orphan: it is adopted with the event.
        assertThat(seen).containsExactly(List.of("W-a"), List.of("W-b", "W-orphan"));
        for (String room : List.of("room-a", "room-b")) {
            assertThat(store().findCall("acme", "call-" + room)).get().extracting(CallRecord::status).isEqualTo(CallStatus.IN_PROGRESS);
            assertThat(store().findCallEvents("acme", "call-" + room)).allSatisfy(e -> {
                assertThat(e.status()).isEqualTo(EventStatus.PROCESSED);
                assertThat(e.callId()).isEqualTo("call-" + room);
            });
        }
        assertThat(store().findEvent("W-a").orElseThrow().payload()).isEqualTo(a.payload());
        assertThat(store().findEventsByStatus(EventStatus.PENDING, 10)).isEmpty();
    }

    @Test
    default void keepsThePayloadExactly() {
        String payload = "{ \"id\" : \"E\u00e9\" ,\n \"x\":\"\\u0000\" }";
        StoredEvent e = new StoredEvent("E2", null, null, null, null, null, EventStatus.FAILED, "bad", payload, null, T0, 1);
        store().inTransaction(tx -> tx.insertEventIfAbsent(e));
        assertThat(store().findEvent("E2").orElseThrow().payload()).isEqualTo(payload);
        byte[] invalidUtf8 = {'{', (byte) 0xff, 0, '}'};
        StoredEvent bin = new StoredEvent("E3", null, null, null, null, null, EventStatus.FAILED, "bad",
                StoredEvent.encodePayload(invalidUtf8), null, T0, 1);
        store().inTransaction(tx -> tx.insertEventIfAbsent(bin));
        assertThat(store().findEvent("E3").orElseThrow().payloadBytes()).isEqualTo(invalidUtf8);
    }

    @Test
    default void rollsBackEverythingWhenTheUnitOfWorkThrows() {
        assertThatThrownBy(() -> store().inTransaction(tx -> {
            tx.insertEventIfAbsent(event("E1", null, "RM", "room"));
            tx.lockOrCreateCall(CallRecord.skeleton("C1", "t1", "RM", "room", T0));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(store().findEvent("E1")).isEmpty();
        assertThat(store().findCall("t1", "C1")).isEmpty();
        assertThat(inserted(event("E1", null, "RM", "room"))).isTrue();
    }

    @Test
    default void createsACallOnceAndFindsItByRoom() {
        CallRecord first = store().inTransaction(tx -> tx.lockOrCreateCall(CallRecord.skeleton("C1", "t1", "RM1", "room1", T0)));
        CallRecord again = store().inTransaction(tx -> tx.lockOrCreateCall(CallRecord.skeleton("C1", "t1", "RM1", "room1", T0)));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(store().findCallByRoom("t1", "RM1", null)).isPresent();
        assertThat(store().findCallByRoom("t1", null, "room1")).isPresent();
        assertThat(inTxLookup(tx -> tx.findRoomOwner(null, "room1"))).contains("t1");
        assertThat(inTxLookup(tx -> tx.findCallIdByRoom("t1", "RM1", "x"))).contains("C1");
    }

    @Test
    default void concurrentDeliveriesStoreEachEventOnceAndAgreeWithASingleThreadedRun() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        Random random = new Random(7);
        for (int n = 0; n < 12; n++) {
            bodies.addAll(SyntheticCalls.call("acme", n, SyntheticCalls.randomEnding(random), 1761741250L + n));
        }
        CallOutcomes outcomes = service("acme");
        List<byte[]> deliveries = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            deliveries.addAll(bodies);
        }
        Collections.shuffle(deliveries, random);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger next = new AtomicInteger();
        List<Future<Map<WebhookResult.Status, Integer>>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                Map<WebhookResult.Status, Integer> counts = new EnumMap<>(WebhookResult.Status.class);
                for (int i; (i = next.getAndIncrement()) < deliveries.size(); ) {
                    counts.merge(outcomes.handle(unsigned(deliveries.get(i))).status(), 1, Integer::sum);
                }
                return counts;
            }));
        }
        int processed = 0;
        int duplicates = 0;
        for (Future<Map<WebhookResult.Status, Integer>> f : futures) {
            processed += f.get().getOrDefault(WebhookResult.Status.PROCESSED, 0);
            duplicates += f.get().getOrDefault(WebhookResult.Status.DUPLICATE, 0);
        }
        pool.shutdown();
        assertThat(processed).isEqualTo(bodies.size());
        assertThat(duplicates).isEqualTo(2 * bodies.size());

        OutcomeStore reference = OutcomeStore.inMemory(clock());
        CallOutcomes single = CallOutcomes.builder().store(reference).clock(clock()).defaultTenant("acme")
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
        bodies.forEach(b -> single.handle(unsigned(b)));
        List<CallRecord> expected = reference.queryCalls(CallQuery.forTenant("acme").withLimit(100)).items();
        Set<String> ids = new HashSet<>();
        for (CallRecord want : expected) {
            CallRecord got = store().findCall("acme", want.id()).orElseThrow();
            assertThat(got.withTimestamps(null, null)).isEqualTo(want.withTimestamps(null, null));
            assertThat(store().findCallEvents("acme", want.id())).hasSameSizeAs(reference.findCallEvents("acme", want.id()));
            ids.add(want.id());
        }
        assertThat(ids).hasSize(12);
    }

    @Test
    default void aRedeliveryOfAnUnattributedEventIsADuplicateAndLeavesNoCallBehind() {
        byte[] body = Fixtures.body("participant_left_answered_95s");
        assertThat(service(null).handle(unsigned(body)).status()).isEqualTo(WebhookResult.Status.UNATTRIBUTED);
        StoredEvent kept = store().findEvent("EV_fxLeftAnswrd").orElseThrow();
        assertThat(kept.status()).isEqualTo(EventStatus.FAILED);
        assertThat(kept.attempts()).isEqualTo(1);
        assertThat(kept.error()).contains("no tenant");

        // Now a tenant resolves: the call it would create rolls back with the refused duplicate.
        assertThat(service("acme").handle(unsigned(body)).status()).isEqualTo(WebhookResult.Status.DUPLICATE);
        assertThat(store().findCallByRoom("acme", Fixtures.ROOM_SID, null)).isEmpty();
        assertThat(store().findEvent("EV_fxLeftAnswrd").orElseThrow()).isEqualTo(kept);
    }

    private CallRecord withStatus(CallRecord c, CallStatus status) {
        return c.toBuilder().status(status).build();
    }
}
