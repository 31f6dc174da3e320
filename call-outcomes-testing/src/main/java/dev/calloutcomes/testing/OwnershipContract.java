package dev.calloutcomes.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallChange;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.call.OwnerEvidence;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.webhook.WebhookVerifiers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which tenant owns a call: signed evidence over what came first, transfers with their events, equal evidence in every order. Part of {@link OutcomeStoreContract}, which a store's test extends.
 */
public interface OwnershipContract extends StoreUnderTest {
    @Test
    default void aCallGoesToTheTenantItsSignedEvidenceNamesWhateverCameFirst() {
        List<CallChange> changes = new ArrayList<>();
        CallOutcomes outcomes = CallOutcomes.builder().store(store()).clock(clock()).defaultTenant("acme")
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).listener((change, work) -> changes.add(change)).build();
        List<byte[]> events = egressFirst(4);
        for (int i = 0; i < events.size() - 1; i++) {
            outcomes.handle(unsigned(events.get(i)));
        }
        CallRecord provisional = store().findCallByRoom("acme", "RM_alice_4", null).orElseThrow();
        assertThat(provisional.recording().url()).as("the default tenant holds it while nothing better is known").isNotNull();

        WebhookResult last = outcomes.handle(unsigned(events.get(events.size() - 1)));
        CallRecord alices = store().findCallByRoom("alice", "RM_alice_4", null).orElseThrow();
        assertThat(last.callId()).isEqualTo(alices.id()).isEqualTo(CallRecord.idForInstance("RM_alice_4"))
                .as("the id stays when the owner changes").isEqualTo(provisional.id());
        assertThat(alices.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(alices.recording().url()).isEqualTo("https://rec.example.com/alice_4.ogg");
        assertThat(alices.attribution().campaignId()).isEqualTo("camp-1");
        assertThat(alices.timing().durationSeconds()).isPositive();
        assertThat(store().findCallEvents("alice", alices.id())).hasSize(6);
        assertThat(store().findCallByRoom("acme", "RM_alice_4", null)).as("the default tenant sees nothing of it").isEmpty();
        assertThat(store().findCall("acme", provisional.id())).isEmpty();
        assertThat(store().queryCalls(CallQuery.forTenant("acme")).items()).isEmpty();
        assertThat(store().findCallEvents("acme", provisional.id())).isEmpty();
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
        assertThat(store().queryCalls(CallQuery.forTenant("acme")).items()).isEmpty();
    }

    @Test
    default void eventsARegistrationDrewInMoveToTheTenantSignedEvidenceNamesAndTheRegistrationStaysItsOwn() {
        CallOutcomes outcomes = service(null);
        List<byte[]> events = egressFirst(5);
        String room = roomOf(events.get(0));
        CallRecord bobs = outcomes.registerCall(CallRegistration.of("bob", room).withCampaignId("bob-campaign")
                .withMetadata("{\"bob\":\"secret\"}"));
        outcomes.handle(unsigned(events.get(0)));
        assertThat(store().findCall("bob", bobs.id()).orElseThrow().recording().url()).as("drawn in by the registration alone").isNotNull();
        for (byte[] event : events.subList(1, events.size())) {
            outcomes.handle(unsigned(event));
        }
        CallRecord alices = store().findCallByRoom("alice", "RM_alice_5", null).orElseThrow();
        assertThat(alices.recording().url()).isEqualTo("https://rec.example.com/alice_5.ogg");
        assertThat(alices.attribution().campaignId()).as("signed metadata, never bob's registration").isEqualTo("camp-2");
        assertThat(alices.metadata()).doesNotContain("secret");
        assertThat(store().findCallEvents("alice", alices.id())).hasSize(6);
        CallRecord bobsNow = store().findCall("bob", bobs.id()).orElseThrow();
        assertThat(bobsNow.status()).isEqualTo(CallStatus.REGISTERED);
        assertThat(bobsNow.recording().url()).isNull();
        assertThat(bobsNow.attribution().campaignId()).isEqualTo("bob-campaign");
        assertThat(store().findCallEvents("bob", bobs.id())).isEmpty();
    }

    @Test
    default void aCallCreatedAndTransferredInOneUnitOfWorkShowsItsEventsToItsNewOwner() {
        for (boolean deferred : List.of(false, true)) {
            String call = "call-made-" + deferred;
            List<String> seen = store().inTransaction(tx -> {
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
            assertThat(store().findCallEvents("alice", call)).extracting(StoredEvent::eventId)
                    .containsExactlyInAnyOrder("M1-" + deferred, "M2-" + deferred);
        }
    }

    @Test
    default void transferringACallGivesItAndItsEventsToAnotherTenantUnderTheSameIdOrNothing() {
        store().inTransaction(tx -> {
            tx.lockOrCreateCall(CallRecord.skeleton("call-t", "acme", "RM_T", "room-t", T0));
            for (String id : List.of("T1", "T2")) {
                tx.insertEventIfAbsent(event(id, "acme", "RM_T", "room-t").withCall("acme", "call-t").withStatus(EventStatus.PROCESSED, null));
            }
            return null;
        });
        assertThatThrownBy(() -> store().inTransaction(tx -> {
            tx.transferCall("acme", "call-t", "alice");
            throw new IllegalStateException("the unit of work fails after the transfer");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(store().findCall("acme", "call-t")).as("a failed unit transfers nothing").isPresent();
        assertThat(store().findCallEvents("acme", "call-t")).hasSize(2);
        assertThat(store().findCall("alice", "call-t")).isEmpty();

        store().inTransaction(tx -> {
            tx.transferCall("acme", "call-t", "alice");
            assertThat(tx.findCallIdByRoom("alice", "RM_T", "room-t")).as("seen within the unit").contains("call-t");
            assertThat(tx.findCallIdByRoom("acme", "RM_T", "room-t")).isEmpty();
            return null;
        });
        assertThat(store().findCall("acme", "call-t")).isEmpty();
        assertThat(store().findCallEvents("acme", "call-t")).isEmpty();
        assertThat(store().findCall("alice", "call-t")).get().extracting((CallRecord call) -> call.room().sid()).isEqualTo("RM_T");
        assertThat(store().findCallEvents("alice", "call-t")).extracting(StoredEvent::eventId).containsExactlyInAnyOrder("T1", "T2");
        assertThat(store().findEvent("T1").orElseThrow().tenantId()).isEqualTo("alice");

        store().inTransaction(tx -> {
            tx.transferCall("acme", "call-t", "mallory");
            return null;
        });
        assertThat(store().findCall("alice", "call-t")).as("only its owner can give it away").isPresent();
        assertThat(store().findCall("mallory", "call-t")).isEmpty();
    }

    @Test
    default void aRegistrationDuringTheCallTakesItFromTheDefaultTenantAsIfItHadComeFirstWhenTheHostTrustsRegistrations() {
        List<CallChange> changes = new ArrayList<>();
        CallOutcomes outcomes = CallOutcomes.builder().store(store()).clock(clock()).defaultTenant("acme").registrationsOutrankDefaultTenant(true)
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).listener((change, work) -> changes.add(change)).build();
        List<byte[]> call = SyntheticCalls.call("zed", 31, Outcome.COMPLETED, 1761741250L);
        String room = roomOfRoomEvent(call.get(0));
        for (byte[] event : call.subList(0, 2)) {
            outcomes.handle(unsigned(event));
        }
        assertThat(store().findCallByRoom("acme", "RM_zed_31", null)).as("the default tenant holds it for now").isPresent();

        CallRecord bobs = outcomes.registerCall(CallRegistration.of("bob", room).withCampaignId("bob-campaign"));
        assertThat(bobs.id()).as("the id registering first gives").isEqualTo(CallRecord.idFor("bob", room));
        assertThat(bobs.room().sid()).isEqualTo("RM_zed_31");
        assertThat(bobs.attribution().campaignId()).isEqualTo("bob-campaign");
        assertThat(store().findCallEvents("bob", bobs.id())).hasSize(2);
        assertThat(store().findCallByRoom("acme", "RM_zed_31", null)).isEmpty();
        assertThat(changes.get(changes.size() - 1).ownerChanged()).isTrue();
        assertThat(changes.get(changes.size() - 1).before().tenantId()).isEqualTo("acme");

        // Later events without signed evidence follow bob.
        assertThat(outcomes.handle(unsigned(call.get(2))).callId()).isEqualTo(bobs.id());

        // An open call of the default tenant's first recorded long ago (its final event lost) is not taken.
        List<byte[]> stale = SyntheticCalls.call("old", 33, Outcome.COMPLETED, 1761741250L);
        outcomes.handle(unsigned(stale.get(0)));
        advance(11 * 60); // eleven minutes later
        CallRecord late = outcomes.registerCall(CallRegistration.of("dave", roomOfRoomEvent(stale.get(0))));
        assertThat(store().findCallEvents("dave", late.id())).isEmpty();
        assertThat(store().findCallByRoom("acme", "RM_old_33", null)).isPresent();

        // A call whose signed evidence names the default tenant is not taken.
        List<byte[]> acmes = SyntheticCalls.call("acme", 32, Outcome.COMPLETED, 1761741250L);
        outcomes.handle(unsigned(acmes.get(0)));
        byte[] joinedWithMetadata = new String(acmes.get(1), StandardCharsets.UTF_8)
                .replace("\"creationTime\":\"1761741250\"}", "\"creationTime\":\"1761741250\",\"metadata\":\"{\\\"tenantId\\\":\\\"acme\\\"}\"}")
                .getBytes(StandardCharsets.UTF_8);
        outcomes.handle(unsigned(joinedWithMetadata));
        assertThat(store().findCallByRoom("acme", "RM_acme_32", null).orElseThrow().ownership().evidence())
                .isEqualTo(OwnerEvidence.ROOM_METADATA);
        CallRecord carols = outcomes.registerCall(CallRegistration.of("carol", roomOfRoomEvent(acmes.get(0))));
        assertThat(store().findCallEvents("carol", carols.id())).isEmpty();
        assertThat(store().findCallByRoom("acme", "RM_acme_32", null)).isPresent();
    }

    @Test
    default void signedEvidenceOfEqualStrengthNamingTwoTenantsGoesToTheEarliestEventInEveryOrder() {
        CallOutcomes outcomes = service("acme");
        byte[] bobEarly = leftAt("EV_eq_bob", "room-eq", "bob", 1761741300L);
        byte[] aliceLate = leftAt("EV_eq_alice", "room-eq", "alice", 1761741400L);
        outcomes.handle(unsigned(aliceLate));
        assertThat(store().findCallByRoom("alice", "RM_room-eq", null)).isPresent();
        WebhookResult second = outcomes.handle(unsigned(bobEarly));
        CallRecord bobs = store().findCall("bob", second.callId()).orElseThrow();
        assertThat(bobs.ownership().contested()).isTrue();
        assertThat(bobs.ownership().evidence()).isEqualTo(OwnerEvidence.ROOM_METADATA);
        assertThat(store().findCallEvents("bob", bobs.id())).hasSize(2);
        assertThat(store().findCallByRoom("alice", "RM_room-eq", null)).as("alice sees nothing of it").isEmpty();

        // The other order gives the same call.
        byte[] bobEarly2 = leftAt("EV_eq_bob2", "room-eq2", "bob", 1761741300L);
        byte[] aliceLate2 = leftAt("EV_eq_alice2", "room-eq2", "alice", 1761741400L);
        outcomes.handle(unsigned(bobEarly2));
        WebhookResult late = outcomes.handle(unsigned(aliceLate2));
        assertThat(late.callId()).isEqualTo(CallRecord.idForInstance("RM_room-eq2"));
        assertThat(store().findCall("bob", late.callId()).orElseThrow().ownership().contested()).isTrue();
        assertThat(store().queryCalls(CallQuery.forTenant("alice")).items()).isEmpty();
        CallRecord uncontested = store().findCall("bob", outcomes.handle(unsigned(leftAt("EV_eq_solo", "room-solo-eq", "bob",
                1761741300L))).callId()).orElseThrow();
        assertThat(uncontested.ownership().contested()).isFalse();
    }

    @Test
    default void onlySipAndAgentParticipantsAttributesNameATenant() {
        CallOutcomes outcomes = service(null);
        assertThat(outcomes.handle(unsigned(leftEvent("EV_std", "room-std", null, "STANDARD", "mallory"))).status())
                .as("a standard participant sets its own attributes").isEqualTo(WebhookResult.Status.UNATTRIBUTED);
        assertThat(store().queryCalls(CallQuery.forTenant("mallory")).items()).isEmpty();
        WebhookResult sip = outcomes.handle(unsigned(leftEvent("EV_sip", "room-sip", null, "SIP", "alice")));
        assertThat(sip.status()).isEqualTo(WebhookResult.Status.PROCESSED);
        assertThat(store().findCall("alice", sip.callId())).isPresent();
        WebhookResult agent = outcomes.handle(unsigned(leftEvent("EV_agent", "room-agent", null, "AGENT", "alice")));
        assertThat(store().findCall("alice", agent.callId())).isPresent();
    }

    /** Alice's call {@code n}: its egress first, then the rest; only the last event (room_finished) names alice. */
    private List<byte[]> egressFirst(int n) {
        List<byte[]> call = SyntheticCalls.call("alice", n, Outcome.COMPLETED, 1761741250L);
        List<byte[]> order = new ArrayList<>();
        order.add(call.get(4));
        order.addAll(call.subList(0, 4));
        order.add(call.get(5));
        return order;
    }
}
