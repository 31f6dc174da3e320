package dev.calloutcomes.testing;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calloutcomes.InvalidInputException;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallChange;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.call.OutcomeListener;
import dev.calloutcomes.call.OwnerEvidence;
import dev.calloutcomes.fact.CallFact;
import dev.calloutcomes.maintenance.CallMaintenance;
import dev.calloutcomes.outcome.DefaultRules;
import dev.calloutcomes.outcome.Disposition;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.outcome.OutcomeClassifier;
import dev.calloutcomes.query.CallPage;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.OutcomeStats;
import dev.calloutcomes.query.StatsQuery;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.webhook.WebhookVerifiers;
import dev.calloutcomes.worker.EventWorkers;
import dev.calloutcomes.worker.WorkerSettings.RetryPolicy;
import dev.calloutcomes.worker.WorkerSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OutcomeStore} must have. Subclasses supply a fresh, empty store; the
 * JDBC module runs this suite on H2, PostgreSQL and MariaDB.
 */
public abstract class OutcomeStoreContract {
    protected static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    protected OutcomeStore store;
    private final AtomicInteger tick = new AtomicInteger();
    /** A clock that advances one second per reading, so creation order is visible. */
    protected final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return T0.plusSeconds(tick.getAndIncrement());
        }
    };

    /** A new, empty store whose timestamps come from {@code clock}. */
    protected abstract OutcomeStore createStore(Clock clock);

    @BeforeEach
    void freshStore() {
        store = createStore(clock);
    }

    protected CallOutcomes service(String defaultTenant) {
        CallOutcomes.Builder b = CallOutcomes.builder().store(store).clock(clock)
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification());
        return defaultTenant == null ? b.build() : b.defaultTenant(defaultTenant).build();
    }

    protected static WebhookRequest unsigned(byte[] body) {
        return WebhookRequest.ofSingle(Map.of(), body);
    }

    private boolean inserted(StoredEvent e) {
        return store.inTransaction(tx -> tx.insertEventIfAbsent(e));
    }

    private Optional<String> inTxLookup(Function<StoreTransaction, Optional<String>> work) {
        return store.inTransaction(work);
    }

    private static StoredEvent event(String id, String tenant, String roomSid, String roomName) {
        return new StoredEvent(id, tenant, null, "room_started", roomSid, roomName, EventStatus.PENDING, null,
                "{\"event\":\"room_started\",\"id\":\"" + id + "\"}", T0, T0, 0);
    }

    @Test
    void storesAnEventOnlyOnce() {
        assertThat(inserted(event("E1", null, "RM", "room"))).isTrue();
        assertThat(inserted(event("E1", null, "RM", "room"))).isFalse();
        assertThat(store.findEvent("E1")).get().extracting(StoredEvent::status).isEqualTo(EventStatus.PENDING);
    }

    @Test
    void insertsABatchOfEventsEachOnlyOnce() {
        assertThat(inserted(event("B1", null, "RM", "room"))).isTrue();
        List<Boolean> inserted = store.inTransaction(tx -> tx.insertEventsIfAbsent(List.of(event("B0", null, "RM", "room"),
                event("B1", null, "RM", "room"), event("B2", null, "RM", "room"), event("B2", null, "RM", "room"))));
        assertThat(inserted).containsExactly(true, false, true, false);
        assertThat(store.findEvent("B0")).isPresent();
        assertThat(store.findEvent("B2")).get().extracting(StoredEvent::payload).isEqualTo(event("B2", null, "RM", "room").payload());
        assertThat(store.findEventsByStatus(EventStatus.PENDING, 10)).hasSize(3);
    }

    @Test
    void aUnitOfWorkSeesEveryEventItAttachesToACallItCreated() {
        CallRecord skeleton = CallRecord.skeleton("call-x", "acme", "RM_X", "room-x", T0);
        store.inTransaction(tx -> tx.insertEventIfAbsent(new StoredEvent("orphan", null, null, "room_started", "RM_X", "room-x",
                EventStatus.FAILED, "no tenant", "{}", T0, T0, 1)));
        List<List<String>> seen = store.inTransaction(tx -> {
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
        assertThat(store.findCallEvents("acme", "call-x")).extracting(StoredEvent::status).containsOnly(EventStatus.PROCESSED);

        CallRecord other = CallRecord.skeleton("call-y", "acme", "RM_Y", "room-y", T0);
        // The synchronous path: the event is inserted already attached to the call created for it.
        List<StoredEvent> alone = store.inTransaction(tx -> {
            tx.lockOrCreateCall(other);
            tx.insertEventIfAbsent(event("C", null, "RM_Y", "room-y").withCall("acme", "call-y").withStatus(EventStatus.PROCESSED, null));
            tx.attachOrphans("acme", "call-y", "RM_Y", "room-y");
            return tx.loadCallEvents("acme", "call-y");
        });
        assertThat(alone).singleElement().satisfies(e -> {
            assertThat(e).isEqualTo(store.findEvent("C").orElseThrow());
            assertThat(e.status()).isEqualTo(EventStatus.PROCESSED);
            assertThat(e.callId()).isEqualTo("call-y");
            assertThat(e.tenantId()).isEqualTo("acme");
        });
    }

    @Test
    void eventsKeptAsFailedEarlierInAUnitOfWorkAreAdoptedInIt() {
        store.inTransaction(tx -> tx.insertEventIfAbsent(event("P", null, "RM_Z", "room-z")));
        List<String> adoptedAfterMark = store.inTransaction(tx -> {
            assertThat(tx.findRoomOwner("RM_Z", "room-z")).isEmpty();
            tx.markEvent("P", EventStatus.FAILED, "no tenant");
            tx.lockOrCreateCall(CallRecord.skeleton("call-z", "acme", "RM_Z", "room-z", T0));
            tx.attachOrphans("acme", "call-z", "RM_Z", "room-z");
            return tx.loadCallEvents("acme", "call-z").stream().map(StoredEvent::eventId).toList();
        });
        assertThat(adoptedAfterMark).containsExactly("P");
        List<String> adoptedAfterInsert = store.inTransaction(tx -> {
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
    void aUnitOfWorkWithPrefetchedRoomsAndDeferredWritesAnswersAndStoresAsWithout() {
        store.inTransaction(tx -> {
            tx.lockOrCreateCall(CallRecord.skeleton("call-old", "acme", "RM_OLD", "room-old", T0));
            return tx.insertEventIfAbsent(new StoredEvent("orphan", null, null, "room_started", null, "room-orphan",
                    EventStatus.FAILED, "no tenant", "{}", T0, T0, 1));
        });
        List<Object> answers = store.inTransaction(tx -> {
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
        assertThat(store.findCall("acme", "call-old")).get().extracting(CallRecord::status).isEqualTo(CallStatus.RINGING);
        assertThat(store.findCall("acme", "call-new")).get().extracting(CallRecord::status).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(store.findCallEvents("acme", "call-old")).extracting(StoredEvent::eventId).containsExactly("E-old");
        assertThat(store.findCallEvents("acme", "call-new")).extracting(StoredEvent::eventId).containsExactly("E-new");
        assertThat(store.findCallEvents("acme", "call-orphan")).extracting(StoredEvent::eventId).containsExactly("orphan");
    }

    /** What workers do with a claimed batch: stored events attached to their calls, rooms prefetched, writes held back. */
    @Test
    void storedEventsAttachedWithWritesHeldBackAreSeenAndStoredAsWithout() {
        StoredEvent a = event("W-a", null, "RM_A", "room-a");
        StoredEvent b = event("W-b", null, null, "room-b");
        StoredEvent orphan = new StoredEvent("W-orphan", null, null, "room_started", null, "room-b", EventStatus.FAILED,
                "no tenant", "{}", T0, T0, 1);
        store.inTransaction(tx -> tx.insertEventsIfAbsent(List.of(a, b, orphan)));
        List<List<String>> seen = store.inTransaction(tx -> {
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
            assertThat(store.findCall("acme", "call-" + room)).get().extracting(CallRecord::status).isEqualTo(CallStatus.IN_PROGRESS);
            assertThat(store.findCallEvents("acme", "call-" + room)).allSatisfy(e -> {
                assertThat(e.status()).isEqualTo(EventStatus.PROCESSED);
                assertThat(e.callId()).isEqualTo("call-" + room);
            });
        }
        assertThat(store.findEvent("W-a").orElseThrow().payload()).isEqualTo(a.payload());
        assertThat(store.findEventsByStatus(EventStatus.PENDING, 10)).isEmpty();
    }

    private static CallRecord withStatus(CallRecord c, CallStatus status) {
        return c.toBuilder().status(status).build();
    }

    @Test
    void keepsThePayloadExactly() {
        String payload = "{ \"id\" : \"E\u00e9\" ,\n \"x\":\"\\u0000\" }";
        StoredEvent e = new StoredEvent("E2", null, null, null, null, null, EventStatus.FAILED, "bad", payload, null, T0, 1);
        store.inTransaction(tx -> tx.insertEventIfAbsent(e));
        assertThat(store.findEvent("E2").orElseThrow().payload()).isEqualTo(payload);
        byte[] invalidUtf8 = {'{', (byte) 0xff, 0, '}'};
        StoredEvent bin = new StoredEvent("E3", null, null, null, null, null, EventStatus.FAILED, "bad",
                StoredEvent.encodePayload(invalidUtf8), null, T0, 1);
        store.inTransaction(tx -> tx.insertEventIfAbsent(bin));
        assertThat(store.findEvent("E3").orElseThrow().payloadBytes()).isEqualTo(invalidUtf8);
    }

    @Test
    void rollsBackEverythingWhenTheUnitOfWorkThrows() {
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.insertEventIfAbsent(event("E1", null, "RM", "room"));
            tx.lockOrCreateCall(CallRecord.skeleton("C1", "t1", "RM", "room", T0));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(store.findEvent("E1")).isEmpty();
        assertThat(store.findCall("t1", "C1")).isEmpty();
        assertThat(inserted(event("E1", null, "RM", "room"))).isTrue();
    }

    @Test
    void createsACallOnceAndFindsItByRoom() {
        CallRecord first = store.inTransaction(tx -> tx.lockOrCreateCall(CallRecord.skeleton("C1", "t1", "RM1", "room1", T0)));
        CallRecord again = store.inTransaction(tx -> tx.lockOrCreateCall(CallRecord.skeleton("C1", "t1", "RM1", "room1", T0)));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(store.findCallByRoom("t1", "RM1", null)).isPresent();
        assertThat(store.findCallByRoom("t1", null, "room1")).isPresent();
        assertThat(inTxLookup(tx -> tx.findRoomOwner(null, "room1"))).contains("t1");
        assertThat(inTxLookup(tx -> tx.findCallIdByRoom("t1", "RM1", "x"))).contains("C1");
    }

    @Test
    void neverReturnsAnotherTenantsCall() {
        CallOutcomes outcomes = service(null);
        outcomes.registerCall(CallRegistration.of("alice", "room-a"));
        CallRecord bobs = outcomes.registerCall(CallRegistration.of("bob", "room-b"));
        assertThat(store.findCall("alice", bobs.id())).isEmpty();
        assertThat(store.findCall("bob", bobs.id())).isPresent();
        assertThat(store.findCallByRoom("alice", null, "room-b")).isEmpty();
        assertThat(store.queryCalls(CallQuery.forTenant("alice")).items()).extracting(CallRecord::tenantId).containsOnly("alice");
        assertThat(store.stats(new StatsQuery("alice", T0.minusSeconds(60), T0.plusSeconds(3600), StatsQuery.GroupBy.OUTCOME))
                .groups()).extracting(OutcomeStats.Group::calls).containsExactly(1L);
        assertThat(store.findCallEvents("alice", bobs.id())).isEmpty();
    }

    /** Ids that differ only in case, accents or trailing spaces (MariaDB's default collation folds all three). */
    private static final List<String> LOOKALIKES = List.of("TENANTA", "tenanta ", "t\u00e9nant\u00e1", "Tenanta");

    @Test
    void tenantsThatDifferOnlyInCaseAccentsOrTrailingSpacesSeeNothingOfEachOther() {
        CallOutcomes outcomes = service(null);
        CallRecord call = outcomes.registerCall(CallRegistration.of("tenanta", "room-case").withCampaignId("secret-campaign"));
        assertThat(store.findCall("tenanta", call.id())).isPresent();
        for (String other : LOOKALIKES) {
            assertThat(store.findCall(other, call.id())).as(other).isEmpty();
            assertThat(store.findCallByRoom(other, null, "room-case")).as(other).isEmpty();
            assertThat(store.queryCalls(CallQuery.forTenant(other)).items()).as(other).isEmpty();
            assertThat(store.queryCalls(CallQuery.forTenant(other).withCampaignId("secret-campaign")).items()).as(other).isEmpty();
            assertThat(store.stats(new StatsQuery(other, T0.minusSeconds(60), T0.plusSeconds(3600), StatsQuery.GroupBy.CAMPAIGN))
                    .groups()).as(other).isEmpty();
            assertThat(store.findCallEvents(other, call.id())).as(other).isEmpty();
        }
        assertThat(store.queryCalls(CallQuery.forTenant("tenanta").withCampaignId("SECRET-CAMPAIGN")).items()).isEmpty();
    }

    @Test
    void eventIdsRoomNamesAndCallIdsThatDifferOnlyInCaseAccentsOrTrailingSpacesAreDistinct() {
        List<String> ids = List.of("EV_CaseTest", "EV_casetest", "EV_CaseTest ", "EV_C\u00e4seTest");
        for (String id : ids) {
            assertThat(inserted(event(id, null, "RM", "room"))).as("'" + id + "'").isTrue();
        }
        assertThat(ids).allSatisfy(id -> assertThat(store.findEvent(id)).get().extracting(StoredEvent::eventId).isEqualTo(id));
        store.inTransaction(tx -> tx.lockOrCreateCall(CallRecord.skeleton("call-Case", "t1", "RM_Case", "Room-Case", T0)));
        assertThat(store.findCall("t1", "call-Case")).isPresent();
        for (String lookalike : List.of("call-case", "call-Case ", "call-C\u00e4se")) {
            assertThat(store.findCall("t1", lookalike)).as(lookalike).isEmpty();
        }
        for (String room : List.of("room-case", "Room-Case ", "R\u00f3om-Case")) {
            assertThat(store.findCallByRoom("t1", null, room)).as(room).isEmpty();
            assertThat(inTxLookup(tx -> tx.findRoomOwner(null, room))).as(room).isEmpty();
        }
        assertThat(store.findCallByRoom("t1", "rm_case", null)).isEmpty();
        assertThat(store.findCallByRoom("t1", "RM_Case", null)).isPresent();
    }

    /** A participant_left of room {@code room} whose metadata names {@code metadataTenant} (none when null). */
    private static byte[] leftEvent(String id, String room, String metadataTenant, String kind, String attributeTenant) {
        String metadata = metadataTenant == null ? "" : ",\"metadata\":\"{\\\"tenantId\\\":\\\"" + metadataTenant
                + "\\\",\\\"campaignId\\\":\\\"" + metadataTenant + "-campaign\\\"}\"";
        String attributes = attributeTenant == null ? "{}" : "{\"tenantId\":\"" + attributeTenant + "\"}";
        return ("{\"event\":\"participant_left\",\"id\":\"" + id + "\",\"createdAt\":\"1761741346\",\"room\":{\"sid\":\"RM_"
                + room + "\",\"name\":\"" + room + "\"" + metadata + "},\"participant\":{\"sid\":\"PA_" + id
                + "\",\"identity\":\"p_" + id + "\",\"kind\":\"" + kind + "\",\"joinedAt\":\"1761741251\","
                + "\"disconnectReason\":\"CLIENT_INITIATED\",\"attributes\":" + attributes + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRegistrationNeverDrawsAnotherTenantsEventsIntoItsAccount() {
        CallOutcomes outcomes = service(null);
        CallRecord squatter = outcomes.registerCall(CallRegistration.of("bob", "room-alice").withCampaignId("bob-campaign")
                .withMetadata("{\"bob\":\"secret\"}"));
        WebhookResult result = outcomes.handle(unsigned(leftEvent("EV_sq1", "room-alice", "alice", "SIP", null)));
        assertThat(result.status()).isEqualTo(WebhookResult.Status.PROCESSED);
        assertThat(result.callId()).isNotEqualTo(squatter.id());
        CallRecord alices = store.findCall("alice", result.callId()).orElseThrow();
        assertThat(alices.attribution().campaignId()).as("signed metadata, not the squatter's registration").isEqualTo("alice-campaign");
        assertThat(alices.metadata()).doesNotContain("secret");
        assertThat(store.findCallEvents("alice", alices.id())).hasSize(1);
        CallRecord bobs = store.findCall("bob", squatter.id()).orElseThrow();
        assertThat(bobs.status()).isEqualTo(CallStatus.REGISTERED);
        assertThat(bobs.attribution().campaignId()).isEqualTo("bob-campaign");
        assertThat(store.findCallEvents("bob", squatter.id())).isEmpty();
        assertThat(store.queryCalls(CallQuery.forTenant("bob")).items()).extracting(CallRecord::id).containsExactly(squatter.id());

        // A later event with no evidence of its own follows the call that holds events, not the registration.
        byte[] egress = ("{\"event\":\"egress_ended\",\"id\":\"EV_sq2\",\"createdAt\":\"1761741350\",\"egressInfo\":{"
                + "\"egressId\":\"EG_sq\",\"roomId\":\"RM_room-alice\",\"roomName\":\"room-alice\",\"status\":\"EGRESS_COMPLETE\","
                + "\"fileResults\":[{\"location\":\"https://rec.example.com/alice.ogg\"}]}}").getBytes(StandardCharsets.UTF_8);
        assertThat(outcomes.handle(unsigned(egress)).callId()).isEqualTo(alices.id());
        assertThat(store.findCall("bob", squatter.id()).orElseThrow().recording().url()).isNull();
    }

    /** {@code events} of another instance of the same room: every id and the room sid get {@code suffix}. */
    private static List<byte[]> anotherInstance(List<byte[]> events, String tenantAndN, String suffix) {
        return events.stream().map(b -> new String(b, StandardCharsets.UTF_8).replace(tenantAndN, tenantAndN + suffix)
                .getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void twoInstancesOfOneRoomNameAreTwoCallsInAnyOrder() {
        CallOutcomes outcomes = service("acme");
        List<byte[]> first = SyntheticCalls.call("acme", 11, Outcome.COMPLETED, 1761741250L);
        List<byte[]> second = anotherInstance(SyntheticCalls.call("acme", 11, Outcome.BUSY, 1761741250L), "acme_11", "b");
        List<byte[]> all = new ArrayList<>(first);
        all.addAll(second);
        Collections.shuffle(all, new Random(11));
        all.forEach(body -> outcomes.handle(unsigned(body)));
        String room = roomOf(first.get(4));
        List<CallRecord> calls = store.queryCalls(CallQuery.forTenant("acme").withRoomName(room)).items();
        assertThat(calls).extracting((CallRecord call) -> call.room().sid()).containsExactlyInAnyOrder("RM_acme_11", "RM_acme_11b");
        CallRecord one = calls.stream().filter(c -> c.room().sid().equals("RM_acme_11")).findFirst().orElseThrow();
        CallRecord two = calls.stream().filter(c -> c.room().sid().equals("RM_acme_11b")).findFirst().orElseThrow();
        assertThat(one.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(two.verdict().outcome()).isEqualTo(Outcome.BUSY);
        assertThat(one.id()).isEqualTo(CallRecord.idForInstance("RM_acme_11"));
        assertThat(two.id()).isEqualTo(CallRecord.idForInstance("RM_acme_11b"));
        assertThat(store.findCallEvents("acme", one.id())).hasSize(first.size());
        assertThat(store.findCallEvents("acme", two.id())).hasSize(second.size());
    }

    @Test
    void aRegistrationBindsTheFirstInstanceAfterItAndARegistrationAfterThatCallTheNext() {
        CallOutcomes outcomes = service("acme");
        List<byte[]> first = SyntheticCalls.call("acme", 12, Outcome.COMPLETED, 1761741250L);
        List<byte[]> second = anotherInstance(SyntheticCalls.call("acme", 12, Outcome.NO_ANSWER, 1761741250L), "acme_12", "b");
        String room = roomOf(first.get(4));
        CallRecord registered = outcomes.registerCall(CallRegistration.of("acme", room).withCampaignId("monday"));
        assertThat(outcomes.registerCall(CallRegistration.of("acme", room).withCampaignId("monday").withLeadId("l-1")).id())
                .as("registering again before the call updates the registration").isEqualTo(registered.id());
        first.forEach(body -> outcomes.handle(unsigned(body)));
        CallRecord monday = store.findCall("acme", registered.id()).orElseThrow();
        assertThat(monday.room().sid()).isEqualTo("RM_acme_12");
        assertThat(monday.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(monday.attribution().leadId()).isEqualTo("l-1");

        CallRecord again = outcomes.registerCall(CallRegistration.of("acme", room).withCampaignId("tuesday"));
        assertThat(again.id()).as("the first call ended: a new registration").isNotEqualTo(registered.id());
        second.forEach(body -> outcomes.handle(unsigned(body)));
        CallRecord tuesday = store.findCall("acme", again.id()).orElseThrow();
        assertThat(tuesday.room().sid()).isEqualTo("RM_acme_12b");
        assertThat(tuesday.verdict().outcome()).isEqualTo(Outcome.NO_ANSWER);
        assertThat(tuesday.attribution().campaignId()).isEqualTo("tuesday");
        CallRecord mondayAfter = store.findCall("acme", registered.id()).orElseThrow();
        assertThat(mondayAfter.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(mondayAfter.attribution().campaignId()).isEqualTo("monday");
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withRoomName(room)).items()).hasSize(2);
    }

    @Test
    void aCallAnEarlierVersionRecordedKeepsItsIdAndItsLaterEvents() {
        // Earlier versions named every call CallRecord.idFor(tenant, roomName), sid or not.
        List<byte[]> call = SyntheticCalls.call("acme", 14, Outcome.COMPLETED, 1761741250L);
        String room = roomOf(call.get(4));
        String oldId = CallRecord.idFor("acme", room);
        store.inTransaction(tx -> {
            CallRecord old = tx.lockOrCreateCall(CallRecord.skeleton(oldId, "acme", "RM_acme_14", room, T0));
            tx.upsertCall(CallRecord.builder().id(old.id()).tenantId("acme").status(CallStatus.IN_PROGRESS).roomSid("RM_acme_14")
                    .roomName(room).createdAt(old.createdAt()).updatedAt(old.updatedAt()).build());
            return null;
        });
        CallOutcomes outcomes = service("acme");
        call.forEach(body -> assertThat(outcomes.handle(unsigned(body)).callId()).isEqualTo(oldId));
        assertThat(store.findCall("acme", oldId).orElseThrow().verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withRoomName(room)).items()).hasSize(1);
    }

    @Test
    void aRegistrationDuringACallAppliesToThatCall() {
        CallOutcomes outcomes = service("acme");
        List<byte[]> call = SyntheticCalls.call("acme", 13, Outcome.COMPLETED, 1761741250L);
        outcomes.handle(unsigned(call.get(0)));
        outcomes.handle(unsigned(call.get(1)));
        CallRecord registered = outcomes.registerCall(CallRegistration.of("acme", roomOf(call.get(4))).withLeadId("lead-13"));
        assertThat(registered.id()).isEqualTo(CallRecord.idForInstance("RM_acme_13"));
        call.subList(2, call.size()).forEach(body -> outcomes.handle(unsigned(body)));
        CallRecord ended = store.findCall("acme", registered.id()).orElseThrow();
        assertThat(ended.attribution().leadId()).isEqualTo("lead-13");
        assertThat(ended.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withRoomName(roomOf(call.get(4)))).items()).hasSize(1);
    }

    /** Alice's call {@code n}: its egress first, then the rest; only the last event (room_finished) names alice. */
    private static List<byte[]> egressFirst(int n) {
        List<byte[]> call = SyntheticCalls.call("alice", n, Outcome.COMPLETED, 1761741250L);
        List<byte[]> order = new ArrayList<>();
        order.add(call.get(4));
        order.addAll(call.subList(0, 4));
        order.add(call.get(5));
        return order;
    }

    @Test
    void aCallGoesToTheTenantItsSignedEvidenceNamesWhateverCameFirst() {
        List<CallChange> changes = new ArrayList<>();
        CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(clock).defaultTenant("acme")
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).listener((change, work) -> changes.add(change)).build();
        List<byte[]> events = egressFirst(4);
        for (int i = 0; i < events.size() - 1; i++) {
            outcomes.handle(unsigned(events.get(i)));
        }
        CallRecord provisional = store.findCallByRoom("acme", "RM_alice_4", null).orElseThrow();
        assertThat(provisional.recording().url()).as("the default tenant holds it while nothing better is known").isNotNull();

        WebhookResult last = outcomes.handle(unsigned(events.get(events.size() - 1)));
        CallRecord alices = store.findCallByRoom("alice", "RM_alice_4", null).orElseThrow();
        assertThat(last.callId()).isEqualTo(alices.id()).isEqualTo(CallRecord.idForInstance("RM_alice_4"))
                .as("the id stays when the owner changes").isEqualTo(provisional.id());
        assertThat(alices.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(alices.recording().url()).isEqualTo("https://rec.example.com/alice_4.ogg");
        assertThat(alices.attribution().campaignId()).isEqualTo("camp-1");
        assertThat(alices.timing().durationSeconds()).isPositive();
        assertThat(store.findCallEvents("alice", alices.id())).hasSize(6);
        assertThat(store.findCallByRoom("acme", "RM_alice_4", null)).as("the default tenant sees nothing of it").isEmpty();
        assertThat(store.findCall("acme", provisional.id())).isEmpty();
        assertThat(store.queryCalls(CallQuery.forTenant("acme")).items()).isEmpty();
        assertThat(store.findCallEvents("acme", provisional.id())).isEmpty();
        CallChange moved = changes.get(changes.size() - 1);
        assertThat(moved.ownerChanged()).isTrue();
        assertThat(moved.before().tenantId()).isEqualTo("acme");
        assertThat(moved.after().tenantId()).isEqualTo("alice");
        assertThat(changes.subList(0, changes.size() - 1)).noneMatch(CallChange::ownerChanged);

        // A later event with no evidence of its own follows the call's owner.
        byte[] late = ("{\"event\":\"egress_updated\",\"id\":\"EV_late_alice_4\",\"createdAt\":\"1761741400\",\"egressInfo\":{"
                + "\"egressId\":\"EG_late\",\"roomId\":\"RM_alice_4\",\"roomName\":\"" + alices.room().name() + "\",\"status\":\"EGRESS_ACTIVE\"}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(outcomes.handle(unsigned(late)).callId()).isEqualTo(alices.id());
        assertThat(store.queryCalls(CallQuery.forTenant("acme")).items()).isEmpty();
    }

    @Test
    void eventsARegistrationDrewInMoveToTheTenantSignedEvidenceNamesAndTheRegistrationStaysItsOwn() {
        CallOutcomes outcomes = service(null);
        List<byte[]> events = egressFirst(5);
        String room = roomOf(events.get(0));
        CallRecord bobs = outcomes.registerCall(CallRegistration.of("bob", room).withCampaignId("bob-campaign")
                .withMetadata("{\"bob\":\"secret\"}"));
        outcomes.handle(unsigned(events.get(0)));
        assertThat(store.findCall("bob", bobs.id()).orElseThrow().recording().url()).as("drawn in by the registration alone").isNotNull();
        for (byte[] event : events.subList(1, events.size())) {
            outcomes.handle(unsigned(event));
        }
        CallRecord alices = store.findCallByRoom("alice", "RM_alice_5", null).orElseThrow();
        assertThat(alices.recording().url()).isEqualTo("https://rec.example.com/alice_5.ogg");
        assertThat(alices.attribution().campaignId()).as("signed metadata, never bob's registration").isEqualTo("camp-2");
        assertThat(alices.metadata()).doesNotContain("secret");
        assertThat(store.findCallEvents("alice", alices.id())).hasSize(6);
        CallRecord bobsNow = store.findCall("bob", bobs.id()).orElseThrow();
        assertThat(bobsNow.status()).isEqualTo(CallStatus.REGISTERED);
        assertThat(bobsNow.recording().url()).isNull();
        assertThat(bobsNow.attribution().campaignId()).isEqualTo("bob-campaign");
        assertThat(store.findCallEvents("bob", bobs.id())).isEmpty();
    }

    private static String roomOf(byte[] egress) {
        String json = new String(egress, StandardCharsets.UTF_8);
        int at = json.indexOf("\"roomName\":\"") + "\"roomName\":\"".length();
        return json.substring(at, json.indexOf('"', at));
    }

    @Test
    void aRoomRegisteredByTwoTenantsWithNoSignedEvidenceAttributesItsEventsToNeither() {
        CallOutcomes outcomes = service(null);
        CallRecord alices = outcomes.registerCall(CallRegistration.of("alice", "room-both"));
        CallRecord bobs = outcomes.registerCall(CallRegistration.of("bob", "room-both"));
        WebhookResult result = outcomes.handle(unsigned(leftEvent("EV_both", "room-both", null, "SIP", null)));
        assertThat(result.status()).isEqualTo(WebhookResult.Status.UNATTRIBUTED);
        assertThat(store.findEvent("EV_both").orElseThrow().status()).as("kept for operators").isEqualTo(EventStatus.FAILED);
        assertThat(store.findCallEvents("alice", alices.id())).isEmpty();
        assertThat(store.findCallEvents("bob", bobs.id())).isEmpty();
        outcomes.registerCall(CallRegistration.of("bob", "room-both").withCampaignId("again"));
        assertThat(store.findCallEvents("bob", bobs.id())).as("registering again adopts nothing while the room is contested").isEmpty();

        // With one registration only, the registrant owns the room: its orphans are adopted.
        assertThat(outcomes.handle(unsigned(leftEvent("EV_solo", "room-solo", null, "SIP", null))).status())
                .isEqualTo(WebhookResult.Status.UNATTRIBUTED);
        CallRecord solo = outcomes.registerCall(CallRegistration.of("carol", "room-solo"));
        assertThat(store.findCallEvents("carol", solo.id())).hasSize(1);
    }

    /** A participant leaving room {@code room} at {@code createdAt}, with room metadata naming {@code metadataTenant} (or none). */
    private static byte[] leftAt(String id, String room, String metadataTenant, long createdAt) {
        String json = new String(leftEvent(id, room, metadataTenant, "SIP", null), StandardCharsets.UTF_8);
        return json.replace("\"createdAt\":\"1761741346\"", "\"createdAt\":\"" + createdAt + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    private WebhookRequest signedBy(String apiKey, String secret, byte[] body) {
        return WebhookRequest.ofSingle(Map.of("Authorization", WebhookSigner.liveKitToken(apiKey, secret, body, clock,
                Duration.ofMinutes(10))), body);
    }

    @Test
    void aCallCreatedAndTransferredInOneUnitOfWorkShowsItsEventsToItsNewOwner() {
        for (boolean deferred : List.of(false, true)) {
            String call = "call-made-" + deferred;
            List<String> seen = store.inTransaction(tx -> {
                if (deferred) {
                    tx.deferWrites();
                }
                tx.lockOrCreateCall(CallRecord.skeleton(call, "acme", "RM_M" + deferred, "room-m", T0));
                tx.insertEventIfAbsent(event("M1-" + deferred, "acme", "RM_M" + deferred, "room-m").withCall("acme", call)
                        .withStatus(EventStatus.PROCESSED, null));
                tx.transferCall("acme", call, "alice");
                tx.insertEventIfAbsent(event("M2-" + deferred, "alice", "RM_M" + deferred, "room-m").withCall("alice", call)
                        .withStatus(EventStatus.PROCESSED, null));
                return tx.loadCallEvents("alice", call).stream().map(StoredEvent::eventId).toList();
            });
            // A group commit runs two webhooks of one room in one unit: the second may take the call the first made.
            assertThat(seen).as("deferred writes: " + deferred).containsExactlyInAnyOrder("M1-" + deferred, "M2-" + deferred);
            assertThat(store.findCallEvents("alice", call)).extracting(StoredEvent::eventId)
                    .containsExactlyInAnyOrder("M1-" + deferred, "M2-" + deferred);
        }
    }

    @Test
    void transferringACallGivesItAndItsEventsToAnotherTenantUnderTheSameIdOrNothing() {
        store.inTransaction(tx -> {
            tx.lockOrCreateCall(CallRecord.skeleton("call-t", "acme", "RM_T", "room-t", T0));
            for (String id : List.of("T1", "T2")) {
                tx.insertEventIfAbsent(event(id, "acme", "RM_T", "room-t").withCall("acme", "call-t").withStatus(EventStatus.PROCESSED, null));
            }
            return null;
        });
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.transferCall("acme", "call-t", "alice");
            throw new IllegalStateException("the unit of work fails after the transfer");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(store.findCall("acme", "call-t")).as("a failed unit transfers nothing").isPresent();
        assertThat(store.findCallEvents("acme", "call-t")).hasSize(2);
        assertThat(store.findCall("alice", "call-t")).isEmpty();

        store.inTransaction(tx -> {
            tx.transferCall("acme", "call-t", "alice");
            assertThat(tx.findCallIdByRoom("alice", "RM_T", "room-t")).as("seen within the unit").contains("call-t");
            assertThat(tx.findCallIdByRoom("acme", "RM_T", "room-t")).isEmpty();
            return null;
        });
        assertThat(store.findCall("acme", "call-t")).isEmpty();
        assertThat(store.findCallEvents("acme", "call-t")).isEmpty();
        assertThat(store.findCall("alice", "call-t")).get().extracting((CallRecord call) -> call.room().sid()).isEqualTo("RM_T");
        assertThat(store.findCallEvents("alice", "call-t")).extracting(StoredEvent::eventId).containsExactlyInAnyOrder("T1", "T2");
        assertThat(store.findEvent("T1").orElseThrow().tenantId()).isEqualTo("alice");

        store.inTransaction(tx -> {
            tx.transferCall("acme", "call-t", "mallory");
            return null;
        });
        assertThat(store.findCall("alice", "call-t")).as("only its owner can give it away").isPresent();
        assertThat(store.findCall("mallory", "call-t")).isEmpty();
    }

    @Test
    void aRegistrationDuringTheCallTakesItFromTheDefaultTenantAsIfItHadComeFirstWhenTheHostTrustsRegistrations() {
        List<CallChange> changes = new ArrayList<>();
        CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(clock).defaultTenant("acme").registrationsOutrankDefaultTenant(true)
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).listener((change, work) -> changes.add(change)).build();
        List<byte[]> call = SyntheticCalls.call("zed", 31, Outcome.COMPLETED, 1761741250L);
        String room = roomOfRoomEvent(call.get(0));
        for (byte[] event : call.subList(0, 2)) {
            outcomes.handle(unsigned(event));
        }
        assertThat(store.findCallByRoom("acme", "RM_zed_31", null)).as("the default tenant holds it for now").isPresent();

        CallRecord bobs = outcomes.registerCall(CallRegistration.of("bob", room).withCampaignId("bob-campaign"));
        assertThat(bobs.id()).as("the id registering first gives").isEqualTo(CallRecord.idFor("bob", room));
        assertThat(bobs.room().sid()).isEqualTo("RM_zed_31");
        assertThat(bobs.attribution().campaignId()).isEqualTo("bob-campaign");
        assertThat(store.findCallEvents("bob", bobs.id())).hasSize(2);
        assertThat(store.findCallByRoom("acme", "RM_zed_31", null)).isEmpty();
        assertThat(changes.get(changes.size() - 1).ownerChanged()).isTrue();
        assertThat(changes.get(changes.size() - 1).before().tenantId()).isEqualTo("acme");

        // Later events without signed evidence follow bob.
        assertThat(outcomes.handle(unsigned(call.get(2))).callId()).isEqualTo(bobs.id());

        // An open call of the default tenant's first recorded long ago (its final event lost) is not taken.
        List<byte[]> stale = SyntheticCalls.call("old", 33, Outcome.COMPLETED, 1761741250L);
        outcomes.handle(unsigned(stale.get(0)));
        tick.addAndGet(11 * 60); // eleven minutes later
        CallRecord late = outcomes.registerCall(CallRegistration.of("dave", roomOfRoomEvent(stale.get(0))));
        assertThat(store.findCallEvents("dave", late.id())).isEmpty();
        assertThat(store.findCallByRoom("acme", "RM_old_33", null)).isPresent();

        // A call whose signed evidence names the default tenant is not taken.
        List<byte[]> acmes = SyntheticCalls.call("acme", 32, Outcome.COMPLETED, 1761741250L);
        outcomes.handle(unsigned(acmes.get(0)));
        byte[] joinedWithMetadata = new String(acmes.get(1), StandardCharsets.UTF_8)
                .replace("\"creationTime\":\"1761741250\"}", "\"creationTime\":\"1761741250\",\"metadata\":\"{\\\"tenantId\\\":\\\"acme\\\"}\"}")
                .getBytes(StandardCharsets.UTF_8);
        outcomes.handle(unsigned(joinedWithMetadata));
        assertThat(store.findCallByRoom("acme", "RM_acme_32", null).orElseThrow().ownership().evidence())
                .isEqualTo(OwnerEvidence.ROOM_METADATA);
        CallRecord carols = outcomes.registerCall(CallRegistration.of("carol", roomOfRoomEvent(acmes.get(0))));
        assertThat(store.findCallEvents("carol", carols.id())).isEmpty();
        assertThat(store.findCallByRoom("acme", "RM_acme_32", null)).isPresent();
    }

    private static String roomOfRoomEvent(byte[] event) {
        String json = new String(event, StandardCharsets.UTF_8);
        int at = json.indexOf("\"name\":\"") + "\"name\":\"".length();
        return json.substring(at, json.indexOf('"', at));
    }

    @Test
    void aSigningKeyMappedToATenantOutranksWhatTheRoomSays() {
        List<CallChange> changes = new ArrayList<>();
        CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(clock).listener((change, work) -> changes.add(change))
                .verifier(LiveKitTokenVerifier.builder().clock(clock)
                        .key("APIcarol", "carol-secret-0123456789abcdef", "carol").key(API_KEY, API_SECRET).build())
                .build();
        // The room metadata says alice; carol's own LiveKit project signed it.
        WebhookResult first = outcomes.handle(signedBy("APIcarol", "carol-secret-0123456789abcdef",
                leftEvent("EV_key1", "room-key", "alice", "SIP", null)));
        assertThat(first.status()).isEqualTo(WebhookResult.Status.PROCESSED);
        CallRecord carols = store.findCall("carol", first.callId()).orElseThrow();
        assertThat(carols.ownership().evidence()).isEqualTo(OwnerEvidence.API_KEY);
        assertThat(carols.ownership().contested()).as("the metadata named another tenant").isTrue();
        assertThat(store.findEvent("EV_key1").orElseThrow().keyTenantId()).isEqualTo("carol");
        assertThat(store.queryCalls(CallQuery.forTenant("alice")).items()).isEmpty();

        // A call that metadata gave alice stays hers: carol's key names calls of carol's own project only, by sid or name.
        WebhookResult alices = outcomes.handle(signedBy(API_KEY, API_SECRET, leftAt("EV_key2", "room-moved", "alice", 1761741300L)));
        CallRecord alicesBefore = store.findCall("alice", alices.callId()).orElseThrow();
        assertThat(alicesBefore.ownership().evidence()).isEqualTo(OwnerEvidence.ROOM_METADATA);
        WebhookResult forged = outcomes.handle(signedBy("APIcarol", "carol-secret-0123456789abcdef",
                leftAt("EV_key3", "room-moved", null, 1761741200L)));
        assertThat(forged.callId()).isNotEqualTo(alices.callId());
        assertThat(store.findCall("alice", alices.callId())).contains(alicesBefore);
        assertThat(store.findCallEvents("alice", alices.callId())).extracting(StoredEvent::eventId).containsExactly("EV_key2");
        assertThat(store.findCallEvents("carol", forged.callId())).extracting(StoredEvent::eventId).containsExactly("EV_key3");
        assertThat(changes.stream().filter(CallChange::ownerChanged)).isEmpty();
        // Without a sid, by name alone: still carol's own call, never alice's.
        byte[] sidless = new String(leftAt("EV_key4", "room-moved", null, 1761741200L), StandardCharsets.UTF_8)
                .replace("\"sid\":\"RM_room-moved\",", "").getBytes(StandardCharsets.UTF_8);
        WebhookResult byName = outcomes.handle(signedBy("APIcarol", "carol-secret-0123456789abcdef", sidless));
        assertThat(byName.callId()).isNotEqualTo(alices.callId());
        assertThat(store.findCall("alice", alices.callId())).contains(alicesBefore);
        // Alice's later events (no signed evidence: an egress) still join alice's call, not carol's.
        WebhookResult later = outcomes.handle(signedBy(API_KEY, API_SECRET, leftAt("EV_key5", "room-moved", null, 1761741310L)));
        assertThat(later.callId()).isEqualTo(alices.callId());
        assertThat(store.findCallEvents("alice", alices.callId())).extracting(StoredEvent::eventId).containsExactlyInAnyOrder("EV_key2", "EV_key5");
    }

    @Test
    void aRegistrationHoldingFactsOwnsNothingAndItsFactsNeverReachAnotherTenantsCall() {
        CallOutcomes outcomes = service(null);
        // mallory registers alice's room name first and reports facts to her registration.
        CallRecord squat = outcomes.registerCall(CallRegistration.of("mallory", "room-facts"));
        outcomes.report("mallory", squat.id(), "f1", new CallFact.DialResult(486, "Busy Here")).orElseThrow();
        CallRecord withFacts = outcomes.report("mallory", squat.id(), "f2",
                new CallFact.Transfer(true, "tel:+15550009999", null)).orElseThrow();
        assertThat(withFacts.status()).as("facts alone make no call of a registration").isEqualTo(CallStatus.REGISTERED);
        // alice's call: signed room metadata names her.
        WebhookResult alices = outcomes.handle(unsigned(leftAt("EV_fact_a", "room-facts", "alice", 1761741300L)));
        CallRecord alice = store.findCall("alice", alices.callId()).orElseThrow();
        assertThat(alice.verdict().disposition()).isNotEqualTo(Disposition.BUSY);
        assertThat(alice.hostReport().transferTarget()).isNull();
        assertThat(alice.ownership().contested()).isFalse();
        assertThat(store.findCallEvents("alice", alices.callId())).extracting(StoredEvent::eventId).containsExactly("EV_fact_a");
        assertThat(store.findCallEvents("mallory", squat.id())).hasSize(2)
                .allMatch(e -> StoreTransaction.FACT_EVENT_TYPE.equals(e.eventType()));
        assertThat(store.findCall("mallory", squat.id()).orElseThrow().room().sid()).isNull();

        // Two registrations and one fact: neither owns the room, so an event without signed evidence goes to nobody.
        outcomes.registerCall(CallRegistration.of("victim", "room-two-regs"));
        CallRecord attacker = outcomes.registerCall(CallRegistration.of("mallory", "room-two-regs"));
        outcomes.report("mallory", attacker.id(), "h", new CallFact.HangUp("callee")).orElseThrow();
        WebhookResult nobody = outcomes.handle(unsigned(leftAt("EV_fact_b", "room-two-regs", null, 1761741300L)));
        assertThat(nobody.status()).isEqualTo(WebhookResult.Status.UNATTRIBUTED);
    }

    @Test
    void byDefaultARegistrationNeitherTakesNorDrawsTheDefaultTenantsCalls() {
        CallOutcomes outcomes = service("acme");
        List<byte[]> call = SyntheticCalls.call("zed", 41, Outcome.COMPLETED, 1761741250L);
        String room = roomOfRoomEvent(call.get(0));
        outcomes.handle(unsigned(call.get(0)));
        CallRecord acmes = store.findCallByRoom("acme", "RM_zed_41", null).orElseThrow();
        CallRecord bobs = outcomes.registerCall(CallRegistration.of("bob", room).withCampaignId("bob-campaign"));
        assertThat(bobs.status()).isEqualTo(CallStatus.REGISTERED);
        assertThat(bobs.parties().phoneNumber()).isNull();
        assertThat(bobs.room().sid()).isNull();
        assertThat(store.findCallEvents("bob", bobs.id())).isEmpty();
        assertThat(outcomes.handle(unsigned(call.get(1))).callId()).isEqualTo(acmes.id());
        // Registered before the call: the default tenant's future call is not drawn to the registrant either.
        List<byte[]> next = SyntheticCalls.call("zed", 42, Outcome.COMPLETED, 1761741250L);
        CallRecord early = outcomes.registerCall(CallRegistration.of("bob", roomOfRoomEvent(next.get(0))));
        WebhookResult first = outcomes.handle(unsigned(next.get(0)));
        assertThat(store.findCall("acme", first.callId())).isPresent();
        assertThat(store.findCallEvents("bob", early.id())).isEmpty();
    }

    @Test
    void signedEvidenceOfEqualStrengthNamingTwoTenantsGoesToTheEarliestEventInEveryOrder() {
        CallOutcomes outcomes = service("acme");
        byte[] bobEarly = leftAt("EV_eq_bob", "room-eq", "bob", 1761741300L);
        byte[] aliceLate = leftAt("EV_eq_alice", "room-eq", "alice", 1761741400L);
        outcomes.handle(unsigned(aliceLate));
        assertThat(store.findCallByRoom("alice", "RM_room-eq", null)).isPresent();
        WebhookResult second = outcomes.handle(unsigned(bobEarly));
        CallRecord bobs = store.findCall("bob", second.callId()).orElseThrow();
        assertThat(bobs.ownership().contested()).isTrue();
        assertThat(bobs.ownership().evidence()).isEqualTo(OwnerEvidence.ROOM_METADATA);
        assertThat(store.findCallEvents("bob", bobs.id())).hasSize(2);
        assertThat(store.findCallByRoom("alice", "RM_room-eq", null)).as("alice sees nothing of it").isEmpty();

        // The other order gives the same call.
        byte[] bobEarly2 = leftAt("EV_eq_bob2", "room-eq2", "bob", 1761741300L);
        byte[] aliceLate2 = leftAt("EV_eq_alice2", "room-eq2", "alice", 1761741400L);
        outcomes.handle(unsigned(bobEarly2));
        WebhookResult late = outcomes.handle(unsigned(aliceLate2));
        assertThat(late.callId()).isEqualTo(CallRecord.idForInstance("RM_room-eq2"));
        assertThat(store.findCall("bob", late.callId()).orElseThrow().ownership().contested()).isTrue();
        assertThat(store.queryCalls(CallQuery.forTenant("alice")).items()).isEmpty();
        CallRecord uncontested = store.findCall("bob", outcomes.handle(unsigned(leftAt("EV_eq_solo", "room-solo-eq", "bob",
                1761741300L))).callId()).orElseThrow();
        assertThat(uncontested.ownership().contested()).isFalse();
    }

    @Test
    void onlySipAndAgentParticipantsAttributesNameATenant() {
        CallOutcomes outcomes = service(null);
        assertThat(outcomes.handle(unsigned(leftEvent("EV_std", "room-std", null, "STANDARD", "mallory"))).status())
                .as("a standard participant sets its own attributes").isEqualTo(WebhookResult.Status.UNATTRIBUTED);
        assertThat(store.queryCalls(CallQuery.forTenant("mallory")).items()).isEmpty();
        WebhookResult sip = outcomes.handle(unsigned(leftEvent("EV_sip", "room-sip", null, "SIP", "alice")));
        assertThat(sip.status()).isEqualTo(WebhookResult.Status.PROCESSED);
        assertThat(store.findCall("alice", sip.callId())).isPresent();
        WebhookResult agent = outcomes.handle(unsigned(leftEvent("EV_agent", "room-agent", null, "AGENT", "alice")));
        assertThat(store.findCall("alice", agent.callId())).isPresent();
    }

    @Test
    void recordsTheFixtureCallAnsweredFor95Seconds() {
        CallOutcomes outcomes = service("acme");
        for (String name : List.of("room_started", "participant_joined_sip_dialing", "participant_left_answered_95s",
                "participant_left_agent", "egress_ended_recording")) {
            assertThat(outcomes.handle(unsigned(Fixtures.body(name))).status()).isEqualTo(WebhookResult.Status.PROCESSED);
        }
        CallRecord call = store.findCallByRoom("acme", Fixtures.ROOM_SID, null).orElseThrow();
        assertThat(call.status()).isEqualTo(CallStatus.ENDED);
        assertThat(call.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(call.verdict().reason()).isEqualTo("duration_completed");
        assertThat(call.timing().durationSeconds()).isEqualTo(95L);
        assertThat(call.parties().phoneNumber()).isEqualTo("+17678189426");
        assertThat(call.parties().sipCallId()).isEqualTo("SCL_fxA8kPq3Zr2W");
        assertThat(call.parties().trunkNumber()).isEqualTo("+15105550000");
        assertThat(call.room().name()).isEqualTo(Fixtures.ROOM_NAME);
        assertThat(call.timing().startedAt()).isEqualTo(Instant.ofEpochMilli(1761741251456L));
        assertThat(call.timing().endedAt()).isEqualTo(Instant.ofEpochSecond(1761741346));
        assertThat(call.recording().url()).isEqualTo("https://recordings.example.com/calls/RM_fxT5hQk2Lm9P.ogg");
        assertThat(store.findCallEvents("acme", call.id())).hasSize(5).allMatch(e -> e.status() == EventStatus.PROCESSED);
    }

    @Test
    void classifiesEachAlternativeEndingOfTheFixtureCall() {
        Map<String, Outcome> endings = Map.of("participant_left_busy", Outcome.BUSY, "participant_left_no_answer", Outcome.NO_ANSWER,
                "participant_left_trunk_failure", Outcome.FAILED, "participant_connection_aborted", Outcome.FAILED);
        endings.forEach((fixture, expected) -> {
            OutcomeStore fresh = createStore(clock);
            CallOutcomes outcomes = CallOutcomes.builder().store(fresh).clock(clock).defaultTenant("acme")
                    .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
            outcomes.handle(unsigned(Fixtures.body("participant_joined_sip_dialing")));
            WebhookResult result = outcomes.handle(unsigned(Fixtures.body(fixture)));
            assertThat(result.outcome()).as(fixture).isEqualTo(expected);
            assertThat(fresh.findCall("acme", result.callId()).orElseThrow().verdict().outcome()).as(fixture).isEqualTo(expected);
        });
    }

    @Test
    void theAgentLeavingDoesNotDecideTheOutcome() {
        CallOutcomes outcomes = service("acme");
        outcomes.handle(unsigned(Fixtures.body("participant_joined_sip_dialing")));
        WebhookResult result = outcomes.handle(unsigned(Fixtures.body("participant_left_agent")));
        assertThat(result.outcome()).isNull();
        assertThat(store.findCall("acme", result.callId()).orElseThrow().status()).isEqualTo(CallStatus.DIALING);
    }

    @Test
    void roomMetadataGivesTenantCampaignAndVoicemailAndAdoptsEarlierEvents() {
        CallOutcomes outcomes = service(null);
        assertThat(outcomes.handle(unsigned(Fixtures.body("participant_left_answered_95s"))).status())
                .isEqualTo(WebhookResult.Status.UNATTRIBUTED);
        assertThat(store.findEvent("EV_fxLeftAnswrd").orElseThrow().status()).isEqualTo(EventStatus.FAILED);
        WebhookResult finished = outcomes.handle(unsigned(Fixtures.body("room_finished_voicemail_metadata")));
        assertThat(finished.status()).isEqualTo(WebhookResult.Status.PROCESSED);
        CallRecord call = store.findCall("tenant-fixture", finished.callId()).orElseThrow();
        assertThat(call.verdict().outcome()).isEqualTo(Outcome.VOICEMAIL);
        assertThat(call.attribution().campaignId()).isEqualTo("camp-42");
        assertThat(call.timing().durationSeconds()).as("from the adopted participant_left").isEqualTo(95L);
        assertThat(store.findEvent("EV_fxLeftAnswrd").orElseThrow().status()).isEqualTo(EventStatus.PROCESSED);
        assertThat(outcomes.handle(unsigned(Fixtures.body("room_started"))).callId()).isEqualTo(call.id());
    }

    @Test
    void registeredCallsGiveTheirTenantCampaignAndLead() {
        CallOutcomes outcomes = service(null);
        CallRecord registered = outcomes.registerCall(CallRegistration.of("acme", Fixtures.ROOM_NAME)
                .withCampaignId("spring").withLeadId("lead-7").withDirection(CallDirection.OUTBOUND).withPhoneNumber("767-818-9426")
                .withMetadata("{\"crm\":\"x1\"}"));
        assertThat(registered.status()).isEqualTo(CallStatus.REGISTERED);
        assertThat(registered.parties().phoneNumber()).isEqualTo("+17678189426");
        WebhookResult result = outcomes.handle(unsigned(Fixtures.body("participant_left_busy")));
        assertThat(result.callId()).isEqualTo(registered.id());
        CallRecord call = store.findCall("acme", registered.id()).orElseThrow();
        assertThat(call.verdict().outcome()).isEqualTo(Outcome.BUSY);
        assertThat(call.attribution().campaignId()).isEqualTo("spring");
        assertThat(call.attribution().leadId()).isEqualTo("lead-7");
        assertThat(call.parties().direction()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(call.metadata()).contains("\"crm\":\"x1\"");
    }

    @Test
    void queriesFilterAndPageNewestFirstWithoutGapsOrRepeats() {
        CallOutcomes outcomes = service("acme");
        Outcome[] endings = Outcome.values();
        for (int n = 0; n < 23; n++) {
            for (byte[] body : SyntheticCalls.call("acme", n, endings[n % endings.length], 1761741250L + n * 600L)) {
                outcomes.handle(unsigned(body));
            }
        }
        outcomes.registerCall(CallRegistration.of("other", "sip-other"));
        List<CallRecord> seen = new ArrayList<>();
        CallQuery query = CallQuery.forTenant("acme").withLimit(5);
        CallPage page;
        do {
            page = store.queryCalls(query);
            seen.addAll(page.items());
            query = query.withCursor(page.next());
        } while (page.next() != null);
        assertThat(seen).hasSize(23).extracting(CallRecord::id).doesNotHaveDuplicates();
        assertThat(seen).isSortedAccordingTo((a, b) -> b.createdAt().compareTo(a.createdAt()));
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withOutcome(Outcome.BUSY)).items())
                .hasSize(5).allMatch(c -> c.verdict().outcome() == Outcome.BUSY);
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withDisposition(Disposition.REJECTED)).items())
                .as("USER_REJECTED: busy, or a refusal webhooks cannot tell from it").hasSize(5).allMatch(c -> c.verdict().disposition() == Disposition.REJECTED);
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withDisposition(Disposition.BUSY)).items()).isEmpty();
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withOutcome(Outcome.FAILED).withDisposition(Disposition.CARRIER_FAILURE))
                .items()).hasSize(4);
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withCampaignId("camp-1")).items())
                .isNotEmpty().allMatch(c -> "camp-1".equals(c.attribution().campaignId()));
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withPhoneNumber("+15550000003")).items()).hasSize(1);
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withStatus(CallStatus.ENDED)).items()).hasSize(23);
        CallRecord third = seen.get(2);
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withRoomName(third.room().name())).items()).containsExactly(third);
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withRange(third.createdAt(), third.createdAt().plusMillis(1))).items())
                .containsExactly(third);
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withDirection(CallDirection.INBOUND)).items()).isEmpty();
    }

    @Test
    void everyFieldOfACallIsStoredAndReadBack() {
        // Fails when a field of CallRecord has no column (or is not read back): add it to every layer.
        CallRecord call = SampleCalls.everyField("every-field", T0);
        store.inTransaction(tx -> {
            tx.lockOrCreateCall(CallRecord.skeleton(call.id(), call.tenantId(), null, call.room().name(), T0));
            tx.upsertCall(call);
            return null;
        });
        CallRecord read = store.findCall("every-field", call.id()).orElseThrow();
        assertThat(read.withTimestamps(null, null)).isEqualTo(call.withTimestamps(null, null));
    }

    @Test
    void statsCountOutcomesAnswerRateAndDuration() {
        CallOutcomes outcomes = service("acme");
        List<Outcome> endings = List.of(Outcome.COMPLETED, Outcome.COMPLETED, Outcome.BUSY, Outcome.NO_ANSWER);
        for (int n = 0; n < endings.size(); n++) {
            for (byte[] body : SyntheticCalls.call("acme", n, endings.get(n), 1761741250L)) {
                outcomes.handle(unsigned(body));
            }
        }
        // A simulated test call of the agent: left out unless asked for.
        for (byte[] body : SyntheticCalls.call("acme", 9, Outcome.COMPLETED, 1761741250L)) {
            outcomes.handle(unsigned(new String(body, StandardCharsets.UTF_8)
                    .replace("\"kind\":\"SIP\"", "\"kind\":\"SIP\",\"kindDetails\":[\"SIMULATION\"]").getBytes(StandardCharsets.UTF_8)));
        }
        StatsQuery q = new StatsQuery("acme", T0.minusSeconds(1), T0.plusSeconds(100_000), StatsQuery.GroupBy.OUTCOME);
        assertThat(store.stats(q.withSimulated()).groups()).filteredOn(g -> g.key().equals("completed")).singleElement()
                .extracting(OutcomeStats.Group::calls).isEqualTo(3L);
        OutcomeStats byOutcome = store.stats(q);
        assertThat(byOutcome.groups()).extracting(OutcomeStats.Group::key).containsExactly("busy", "completed", "no_answer");
        OutcomeStats byDisposition = store.stats(new StatsQuery("acme", q.from(), q.to(), StatsQuery.GroupBy.DISPOSITION));
        assertThat(byDisposition.groups()).extracting(OutcomeStats.Group::key).containsExactly("answered", "no_answer", "rejected");
        assertThat(byDisposition.groups().get(0).outcomes()).containsEntry("completed", 2L);
        assertThat(store.stats(new StatsQuery("acme", q.from(), q.to(), StatsQuery.GroupBy.AGENT)).groups())
                .extracting(OutcomeStats.Group::key).containsExactly("agent-0", "agent-1", "agent-2", "agent-3");
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withAgent("agent-2")).items()).singleElement()
                .extracting((CallRecord call) -> call.verdict().outcome()).isEqualTo(Outcome.BUSY);
        OutcomeStats byDay = store.stats(new StatsQuery("acme", q.from(), q.to(), StatsQuery.GroupBy.DAY));
        assertThat(byDay.groups()).hasSize(1);
        OutcomeStats.Group day = byDay.groups().get(0);
        assertThat(day.key()).isEqualTo("2026-11-24");
        assertThat(day.calls()).isEqualTo(4);
        assertThat(day.outcomes()).containsEntry("completed", 2L).containsEntry("busy", 1L).containsEntry("no_answer", 1L);
        assertThat(day.answerRate()).isEqualTo(0.5);
        assertThat(day.averageDurationSeconds()).isEqualTo((40 + 41 + 8 + 30) / 4.0);
        assertThat(store.stats(new StatsQuery("acme", q.from(), q.to(), StatsQuery.GroupBy.CAMPAIGN)).groups())
                .extracting(OutcomeStats.Group::key).containsExactly("camp-0", "camp-1", "camp-2");
        assertThat(store.stats(new StatsQuery("acme", T0.plusSeconds(100_000), T0.plusSeconds(200_000), StatsQuery.GroupBy.DAY))
                .groups()).isEmpty();

        // Filtered as the call list is: one campaign, one agent, one direction; compared byte for byte.
        assertThat(store.stats(q.withCampaignId("camp-0")).groups()).extracting(OutcomeStats.Group::key)
                .containsExactly("completed", "no_answer");
        assertThat(store.stats(q.withCampaignId("CAMP-0")).groups()).isEmpty();
        assertThat(store.stats(q.withAgent("agent-2")).groups()).singleElement().extracting(OutcomeStats.Group::key).isEqualTo("busy");
        assertThat(store.stats(q.withAgent("agent-2").withCampaignId("camp-0")).groups()).isEmpty();
        for (CallDirection direction : CallDirection.values()) {
            long counted = store.stats(q.withDirection(direction)).groups().stream().mapToLong(OutcomeStats.Group::calls).sum();
            assertThat(counted).as(direction.wireName()).isEqualTo(store.queryCalls(CallQuery.forTenant("acme").withDirection(direction)
                    .withRange(q.from(), q.to())).items().stream().filter(c -> !c.parties().simulated()).count());
        }
    }

    @Test
    void deletingATenantRemovesItsCallsAndEventsOnly() {
        CallOutcomes outcomes = service(null);
        for (byte[] body : SyntheticCalls.call("alice", 1, Outcome.COMPLETED, 1761741250L)) {
            outcomes.handle(unsigned(body));
        }
        for (byte[] body : SyntheticCalls.call("bob", 2, Outcome.BUSY, 1761741250L)) {
            outcomes.handle(unsigned(body));
        }
        CallRecord bobs = store.queryCalls(CallQuery.forTenant("bob")).items().get(0);
        assertThat(store.deleteTenant("alice")).isEqualTo(1);
        assertThat(store.queryCalls(CallQuery.forTenant("alice")).items()).isEmpty();
        assertThat(store.findEvent("EV_start_alice_1")).isEmpty();
        assertThat(store.findCall("bob", bobs.id())).isPresent();
        assertThat(store.findCallEvents("bob", bobs.id())).as("busy calls have no recording").hasSize(5);
    }

    @Test
    void listsEventsByStatus() {
        CallOutcomes outcomes = service(null);
        outcomes.handle(unsigned(Fixtures.body("room_started")));
        outcomes.handle(unsigned("{\"event\":".getBytes()));
        assertThat(store.findEventsByStatus(EventStatus.FAILED, 10)).extracting(StoredEvent::eventId)
                .contains("EV_fxRoomStart1").anyMatch(id -> id.startsWith("malformed-"));
        assertThat(store.findEventsByStatus(EventStatus.PROCESSED, 10)).isEmpty();
    }

    @Test
    void concurrentDeliveriesStoreEachEventOnceAndAgreeWithASingleThreadedRun() throws Exception {
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

        OutcomeStore reference = OutcomeStore.inMemory(clock);
        CallOutcomes single = CallOutcomes.builder().store(reference).clock(clock).defaultTenant("acme")
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
        bodies.forEach(b -> single.handle(unsigned(b)));
        List<CallRecord> expected = reference.queryCalls(CallQuery.forTenant("acme").withLimit(100)).items();
        Set<String> ids = new HashSet<>();
        for (CallRecord want : expected) {
            CallRecord got = store.findCall("acme", want.id()).orElseThrow();
            assertThat(got.withTimestamps(null, null)).isEqualTo(want.withTimestamps(null, null));
            assertThat(store.findCallEvents("acme", want.id())).hasSameSizeAs(reference.findCallEvents("acme", want.id()));
            ids.add(want.id());
        }
        assertThat(ids).hasSize(12);
    }

    private CallOutcomes asyncService(OutcomeListener listener) {
        return CallOutcomes.builder().store(store).clock(clock).defaultTenant("acme").asynchronous(true)
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).listener(listener).build();
    }

    @Test
    void asynchronousModeStoresFirstAndWorkersApplyLater() {
        CallOutcomes outcomes = asyncService((change, tx) -> { });
        WebhookResult accepted = outcomes.handle(unsigned(Fixtures.body("participant_left_busy")));
        assertThat(accepted.status()).isEqualTo(WebhookResult.Status.ACCEPTED);
        assertThat(outcomes.handle(unsigned(Fixtures.body("participant_left_busy"))).status()).isEqualTo(WebhookResult.Status.DUPLICATE);
        assertThat(store.findEvent("EV_fxLeftBusy01").orElseThrow().status()).isEqualTo(EventStatus.PENDING);
        assertThat(store.findCallByRoom("acme", Fixtures.ROOM_SID, null)).isEmpty();

        assertThat(outcomes.workers(WorkerSettings.ofDefaults()).drain()).isEqualTo(1);
        assertThat(store.findEvent("EV_fxLeftBusy01").orElseThrow().status()).isEqualTo(EventStatus.PROCESSED);
        assertThat(store.findCallByRoom("acme", Fixtures.ROOM_SID, null).orElseThrow().verdict().outcome()).isEqualTo(Outcome.BUSY);
    }

    @Test
    void concurrentWorkersApplyEachEventOnce() throws Exception {
        ConcurrentHashMap<String, AtomicInteger> applied = new ConcurrentHashMap<>();
        CallOutcomes outcomes = asyncService((change, tx) ->
                applied.computeIfAbsent(change.event().id(), k -> new AtomicInteger()).incrementAndGet());
        List<byte[]> bodies = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            bodies.addAll(SyntheticCalls.call("acme", n, Outcome.COMPLETED, 1761741250L + n));
        }
        bodies.forEach(b -> outcomes.handle(unsigned(b)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            // The test clock advances a second per reading: a long lease keeps claims from expiring mid-run.
            done.add(pool.submit(() -> outcomes.workers(WorkerSettings.builder().batchSize(7)
                    .lease(Duration.ofDays(1)).build()).drain()));
        }
        int total = 0;
        for (Future<Integer> f : done) {
            total += f.get();
        }
        pool.shutdown();
        // Each event was claimed and handled by exactly one worker: a double claim would count it twice.
        assertThat(total).isEqualTo(bodies.size());
        // Listeners run at least once per event: a transaction the database aborts (a deadlock between two
        // workers' batches) is retried, and runs them again; only what they wrote through tx is exactly once.
        assertThat(applied).hasSize(bodies.size());
        assertThat(applied.values()).allMatch(n -> n.get() >= 1);
        assertThat(store.findEventsByStatus(EventStatus.PENDING, 1000)).isEmpty();
        // Batches that met each other's new calls (and were applied again one by one) still made one call per room.
        List<CallRecord> calls = store.queryCalls(CallQuery.forTenant("acme").withLimit(100)).items();
        assertThat(calls).hasSize(10).allMatch(c -> c.verdict().outcome() == Outcome.COMPLETED);
        assertThat(calls.stream().mapToInt(c -> store.findCallEvents("acme", c.id()).size()).sum()).isEqualTo(bodies.size());
    }

    @Test
    void failingEventsAreRetriedWithBackoffThenKeptAsFailed() {
        AtomicInteger attempts = new AtomicInteger();
        CallOutcomes outcomes = asyncService((change, tx) -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("host database is read-only");
        });
        outcomes.handle(unsigned(Fixtures.body("participant_left_busy")));
        EventWorkers slow = outcomes.workers(WorkerSettings.builder()
                .retry(new RetryPolicy(3, Duration.ofHours(1), Duration.ofHours(2))).build());
        assertThat(slow.runOnce()).isEqualTo(1);
        StoredEvent retrying = store.findEvent("EV_fxLeftBusy01").orElseThrow();
        assertThat(retrying.status()).isEqualTo(EventStatus.PENDING);
        assertThat(retrying.attempts()).isEqualTo(1);
        assertThat(retrying.error()).contains("read-only");
        assertThat(slow.runOnce()).as("not due before its backoff").isZero();

        outcomes.handle(unsigned(Fixtures.body("participant_left_no_answer")));
        EventWorkers eager = outcomes.workers(WorkerSettings.builder()
                .retry(new RetryPolicy(3, Duration.ZERO, Duration.ZERO)).build());
        eager.drain();
        StoredEvent dead = store.findEvent("EV_fxLeftNoAns1").orElseThrow();
        assertThat(dead.status()).isEqualTo(EventStatus.FAILED);
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.error()).contains("read-only");
        assertThat(attempts.get()).isEqualTo(1 + 3);
        assertThat(store.findEvent("EV_fxLeftBusy01").orElseThrow().status()).as("still waiting out its backoff")
                .isEqualTo(EventStatus.PENDING);
        assertThat(store.findCallByRoom("acme", Fixtures.ROOM_SID, null)).as("every attempt rolled back").isEmpty();
    }

    @Test
    void claimsLeaseDuePendingEventsWholeUpToTheLimit() {
        for (int i = 0; i < 5; i++) {
            inserted(event("C" + i, null, "RM", "room"));
        }
        inserted(new StoredEvent("CF", null, null, "room_started", "RM", "room", EventStatus.FAILED, "bad", "{}", T0, T0, 1));
        Instant now = T0.plusSeconds(100);
        List<StoredEvent> first = store.claimPendingEvents(3, now, now.plusSeconds(30));
        List<StoredEvent> second = store.claimPendingEvents(3, now, now.plusSeconds(30));
        assertThat(first).hasSize(3).allSatisfy(e -> assertThat(e.payload()).isEqualTo(event(e.eventId(), null, "RM", "room").payload()));
        assertThat(second).hasSize(2);
        assertThat(Stream.concat(first.stream(), second.stream()).map(StoredEvent::eventId))
                .containsExactlyInAnyOrder("C0", "C1", "C2", "C3", "C4");
        assertThat(store.claimPendingEvents(3, now.plusSeconds(29), now.plusSeconds(60))).as("still leased").isEmpty();
        assertThat(store.claimPendingEvents(10, now.plusSeconds(31), now.plusSeconds(60))).as("lease over").hasSize(5);
    }

    @Test
    void eventsClaimedByACrashedWorkerAreClaimedAgainAfterTheLease() {
        CallOutcomes outcomes = asyncService((change, tx) -> { });
        outcomes.handle(unsigned(Fixtures.body("participant_left_no_answer")));
        Instant now = clock.instant();
        assertThat(store.claimPendingEvents(10, now, now.plusSeconds(30))).hasSize(1);
        assertThat(store.claimPendingEvents(10, now, now.plusSeconds(30))).as("leased").isEmpty();
        EventWorkers workers = outcomes.workers(WorkerSettings.ofDefaults());
        int handled = 0;
        for (int i = 0; i < 60 && handled == 0; i++) {
            handled = workers.runOnce();
        }
        assertThat(handled).isEqualTo(1);
        assertThat(store.findCallByRoom("acme", Fixtures.ROOM_SID, null).orElseThrow().verdict().outcome()).isEqualTo(Outcome.NO_ANSWER);
    }

    @Test
    void aRedeliveryOfAnUnattributedEventIsADuplicateAndLeavesNoCallBehind() {
        byte[] body = Fixtures.body("participant_left_answered_95s");
        assertThat(service(null).handle(unsigned(body)).status()).isEqualTo(WebhookResult.Status.UNATTRIBUTED);
        StoredEvent kept = store.findEvent("EV_fxLeftAnswrd").orElseThrow();
        assertThat(kept.status()).isEqualTo(EventStatus.FAILED);
        assertThat(kept.attempts()).isEqualTo(1);
        assertThat(kept.error()).contains("no tenant");

        // Now a tenant resolves: the call it would create rolls back with the refused duplicate.
        assertThat(service("acme").handle(unsigned(body)).status()).isEqualTo(WebhookResult.Status.DUPLICATE);
        assertThat(store.findCallByRoom("acme", Fixtures.ROOM_SID, null)).isEmpty();
        assertThat(store.findEvent("EV_fxLeftAnswrd").orElseThrow()).isEqualTo(kept);
    }

    @Test
    void reprocessingAppliesChangedRulesAndRetryingFixesUnattributedEvents() {
        CallOutcomes unattributed = service(null);
        unattributed.handle(unsigned(Fixtures.body("participant_left_answered_95s")));
        assertThat(store.findEvent("EV_fxLeftAnswrd").orElseThrow().status()).isEqualTo(EventStatus.FAILED);

        CallOutcomes withDefault = service("acme");
        assertThat(withDefault.maintenance().retryFailed(10)).isEqualTo(1);
        CallRecord call = store.findCallByRoom("acme", Fixtures.ROOM_SID, null).orElseThrow();
        assertThat(call.verdict().outcome()).isEqualTo(Outcome.COMPLETED);

        CallOutcomes stricter = CallOutcomes.builder().store(store).clock(clock).defaultTenant("acme")
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification())
                .classifier(OutcomeClassifier.custom().rules(DefaultRules.builder()
                        .failedBelow(Duration.ofSeconds(100)).noAnswerBelow(Duration.ofSeconds(120)).build()).build())
                .build();
        CallMaintenance maintenance = stricter.maintenance();
        assertThat(maintenance.reprocess("acme", T0.minusSeconds(3600), T0.plusSeconds(3600))).isEqualTo(1);
        assertThat(store.findCall("acme", call.id()).orElseThrow().verdict().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(maintenance.reprocess("acme", T0.minusSeconds(3600), T0.plusSeconds(3600))).as("idempotent").isZero();
        assertThat(maintenance.reprocess("other", T0.minusSeconds(3600), T0.plusSeconds(3600))).isZero();
    }

    @Test
    void sweepClosesCallsWithNoFinalEvent() {
        CallOutcomes outcomes = service("acme");
        outcomes.handle(unsigned(Fixtures.body("participant_joined_sip_dialing")));
        outcomes.handle(unsigned(SyntheticCalls.call("acme", 1, Outcome.COMPLETED, 1761741250L).get(3)));
        CallRecord open = store.findCallByRoom("acme", Fixtures.ROOM_SID, null).orElseThrow();
        assertThat(open.status()).isEqualTo(CallStatus.DIALING);
        CallRecord neverDialed = outcomes.registerCall(CallRegistration.of("acme", "room-never-dialed"));
        CallMaintenance maintenance = outcomes.maintenance();
        assertThat(maintenance.sweepStuckCalls(Duration.ofDays(1), 100)).as("too recent").isZero();
        assertThatThrownBy(() -> maintenance.sweepStuckCalls(Duration.ZERO, 100)).as("every open call of every tenant")
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least PT5M");
        CallMaintenance aDayLater = CallOutcomes.builder().store(store)
                .clock(Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC)).build().maintenance();
        assertThat(aDayLater.sweepStuckCalls(CallMaintenance.MIN_SWEEP_AGE, 100)).isEqualTo(2);
        CallRecord closed = store.findCall("acme", open.id()).orElseThrow();
        assertThat(closed.status()).isEqualTo(CallStatus.ENDED);
        assertThat(closed.verdict().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(closed.verdict().reason()).isEqualTo("no_final_event");
        assertThat(store.findOpenCallsUpdatedBefore(T0.plusSeconds(100_000), 100)).isEmpty();
        assertThat(store.findCall("acme", neverDialed.id()).orElseThrow().status()).as("nothing happened: nothing to sweep")
                .isEqualTo(CallStatus.REGISTERED);
    }

    @Test
    void theSweepsVerdictIsAFactOfTheCallThatOnlyARealFinalEventReplaces() {
        CallOutcomes outcomes = service("acme");
        List<byte[]> call = SyntheticCalls.call("acme", 7, Outcome.COMPLETED, 1761741250L);
        outcomes.handle(unsigned(call.get(0)));
        CallMaintenance aDayLater = CallOutcomes.builder().store(store)
                .clock(Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC)).build().maintenance();
        assertThat(aDayLater.sweepStuckCalls(CallMaintenance.MIN_SWEEP_AGE, 100)).isEqualTo(1);
        CallRecord swept = store.findCallByRoom("acme", "RM_acme_7", null).orElseThrow();
        assertThat(swept.verdict().reason()).isEqualTo(CallMaintenance.NO_FINAL_EVENT);
        assertThat(store.findCallEvents("acme", swept.id())).extracting(StoredEvent::eventId)
                .contains("swept-" + swept.id());

        outcomes.handle(unsigned(call.get(1)));
        CallRecord afterLateJoin = store.findCall("acme", swept.id()).orElseThrow();
        assertThat(afterLateJoin.status()).as("a late event that is not final does not reopen the call").isEqualTo(CallStatus.ENDED);
        assertThat(afterLateJoin.verdict().reason()).isEqualTo(CallMaintenance.NO_FINAL_EVENT);
        assertThat(afterLateJoin.parties().phoneNumber()).as("its facts still count").isEqualTo("+15550000007");
        assertThat(aDayLater.reprocess("acme", T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2))))
                .as("reprocessing keeps the verdict").isZero();
        assertThat(aDayLater.sweepStuckCalls(CallMaintenance.MIN_SWEEP_AGE, 100)).as("closed already").isZero();

        outcomes.handle(unsigned(call.get(2)));
        CallRecord real = store.findCall("acme", swept.id()).orElseThrow();
        assertThat(real.verdict().outcome()).as("a late final event decides").isEqualTo(Outcome.COMPLETED);
        assertThat(real.verdict().reason()).isNotEqualTo(CallMaintenance.NO_FINAL_EVENT);
        assertThat(real.timing().durationSeconds()).isPositive();
    }

    @Test
    void aWebhookCannotForgeTheSweepsVerdict() {
        CallOutcomes outcomes = service("acme");
        List<byte[]> call = SyntheticCalls.call("acme", 8, Outcome.COMPLETED, 1761741250L);
        outcomes.handle(unsigned(call.get(0)));
        CallRecord open = store.findCallByRoom("acme", "RM_acme_8", null).orElseThrow();
        String forged = "{\"event\":\"call_outcomes_swept\",\"id\":\"swept-" + open.id()
                + "\",\"createdAt\":1761741260,\"room\":{\"sid\":\"RM_acme_8\",\"name\":\"" + open.room().name() + "\"}}";
        WebhookResult result = outcomes.handle(unsigned(forged.getBytes(StandardCharsets.UTF_8)));
        assertThat(result.status()).isEqualTo(WebhookResult.Status.IGNORED);
        assertThat(store.findCall("acme", open.id()).orElseThrow().isEnded()).isFalse();
    }

    /** Helper for subclasses: a LiveKit-signed request for a body. */
    protected static WebhookRequest signed(byte[] body, Clock clock) {
        return WebhookRequest.ofSingle(Map.of("Authorization",
                WebhookSigner.liveKitToken(API_KEY, API_SECRET, body, clock, Duration.ofMinutes(5))), body);
    }
}
