package dev.calloutcomes.testing;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallChange;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.call.OwnerEvidence;
import dev.calloutcomes.fact.CallFact;
import dev.calloutcomes.outcome.Disposition;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.OutcomeStats;
import dev.calloutcomes.query.StatsQuery;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import dev.calloutcomes.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No tenant reads, draws in or changes another's calls: lookalike names, registrations of another's room, facts, mapped keys, deletion. Part of {@link OutcomeStoreContract}, which a store's test extends.
 */
public interface TenancyContract extends StoreUnderTest {
    @Test
    default void neverReturnsAnotherTenantsCall() {
        CallOutcomes outcomes = service(null);
        outcomes.registerCall(CallRegistration.of("alice", "room-a"));
        CallRecord bobs = outcomes.registerCall(CallRegistration.of("bob", "room-b"));
        assertThat(store().findCall("alice", bobs.id())).isEmpty();
        assertThat(store().findCall("bob", bobs.id())).isPresent();
        assertThat(store().findCallByRoom("alice", null, "room-b")).isEmpty();
        assertThat(store().queryCalls(CallQuery.forTenant("alice")).items()).extracting(CallRecord::tenantId).containsOnly("alice");
        assertThat(store().stats(new StatsQuery("alice", T0.minusSeconds(60), T0.plusSeconds(3600), StatsQuery.GroupBy.OUTCOME))
                .groups()).extracting(OutcomeStats.Group::calls).containsExactly(1L);
        assertThat(store().findCallEvents("alice", bobs.id())).isEmpty();
    }

    /** Ids that differ only in case, accents or trailing spaces (MariaDB's default collation folds all three). */
    List<String> LOOKALIKES = List.of("TENANTA", "tenanta ", "t\u00e9nant\u00e1", "Tenanta");

    @Test
    default void tenantsThatDifferOnlyInCaseAccentsOrTrailingSpacesSeeNothingOfEachOther() {
        CallOutcomes outcomes = service(null);
        CallRecord call = outcomes.registerCall(CallRegistration.of("tenanta", "room-case").withCampaignId("secret-campaign"));
        assertThat(store().findCall("tenanta", call.id())).isPresent();
        for (String other : LOOKALIKES) {
            assertThat(store().findCall(other, call.id())).as(other).isEmpty();
            assertThat(store().findCallByRoom(other, null, "room-case")).as(other).isEmpty();
            assertThat(store().queryCalls(CallQuery.forTenant(other)).items()).as(other).isEmpty();
            assertThat(store().queryCalls(CallQuery.forTenant(other).withCampaignId("secret-campaign")).items()).as(other).isEmpty();
            assertThat(store().stats(new StatsQuery(other, T0.minusSeconds(60), T0.plusSeconds(3600), StatsQuery.GroupBy.CAMPAIGN))
                    .groups()).as(other).isEmpty();
            assertThat(store().findCallEvents(other, call.id())).as(other).isEmpty();
        }
        assertThat(store().queryCalls(CallQuery.forTenant("tenanta").withCampaignId("SECRET-CAMPAIGN")).items()).isEmpty();
    }

    @Test
    default void aRegistrationNeverDrawsAnotherTenantsEventsIntoItsAccount() {
        CallOutcomes outcomes = service(null);
        CallRecord squatter = outcomes.registerCall(CallRegistration.of("bob", "room-alice").withCampaignId("bob-campaign")
                .withMetadata("{\"bob\":\"secret\"}"));
        WebhookResult result = outcomes.handle(unsigned(leftEvent("EV_sq1", "room-alice", "alice", "SIP", null)));
        assertThat(result.status()).isEqualTo(WebhookResult.Status.PROCESSED);
        assertThat(result.callId()).isNotEqualTo(squatter.id());
        CallRecord alices = store().findCall("alice", result.callId()).orElseThrow();
        assertThat(alices.attribution().campaignId()).as("signed metadata, not the squatter's registration").isEqualTo("alice-campaign");
        assertThat(alices.metadata()).doesNotContain("secret");
        assertThat(store().findCallEvents("alice", alices.id())).hasSize(1);
        CallRecord bobs = store().findCall("bob", squatter.id()).orElseThrow();
        assertThat(bobs.status()).isEqualTo(CallStatus.REGISTERED);
        assertThat(bobs.attribution().campaignId()).isEqualTo("bob-campaign");
        assertThat(store().findCallEvents("bob", squatter.id())).isEmpty();
        assertThat(store().queryCalls(CallQuery.forTenant("bob")).items()).extracting(CallRecord::id).containsExactly(squatter.id());

        // A later event with no evidence of its own follows the call that holds events, not the registration.
        byte[] egress = ("{\"event\":\"egress_ended\",\"id\":\"EV_sq2\",\"createdAt\":\"1761741350\",\"egressInfo\":{"
                + "\"egressId\":\"EG_sq\",\"roomId\":\"RM_room-alice\",\"roomName\":\"room-alice\",\"status\":\"EGRESS_COMPLETE\","
                + "\"fileResults\":[{\"location\":\"https://rec.example.com/alice.ogg\"}]}}").getBytes(StandardCharsets.UTF_8);
        assertThat(outcomes.handle(unsigned(egress)).callId()).isEqualTo(alices.id());
        assertThat(store().findCall("bob", squatter.id()).orElseThrow().recording().url()).isNull();
    }

    @Test
    default void aRoomRegisteredByTwoTenantsWithNoSignedEvidenceAttributesItsEventsToNeither() {
        CallOutcomes outcomes = service(null);
        CallRecord alices = outcomes.registerCall(CallRegistration.of("alice", "room-both"));
        CallRecord bobs = outcomes.registerCall(CallRegistration.of("bob", "room-both"));
        WebhookResult result = outcomes.handle(unsigned(leftEvent("EV_both", "room-both", null, "SIP", null)));
        assertThat(result.status()).isEqualTo(WebhookResult.Status.UNATTRIBUTED);
        assertThat(store().findEvent("EV_both").orElseThrow().status()).as("kept for operators").isEqualTo(EventStatus.FAILED);
        assertThat(store().findCallEvents("alice", alices.id())).isEmpty();
        assertThat(store().findCallEvents("bob", bobs.id())).isEmpty();
        outcomes.registerCall(CallRegistration.of("bob", "room-both").withCampaignId("again"));
        assertThat(store().findCallEvents("bob", bobs.id())).as("registering again adopts nothing while the room is contested").isEmpty();

        // With one registration only, the registrant owns the room: its orphans are adopted.
        assertThat(outcomes.handle(unsigned(leftEvent("EV_solo", "room-solo", null, "SIP", null))).status())
                .isEqualTo(WebhookResult.Status.UNATTRIBUTED);
        CallRecord solo = outcomes.registerCall(CallRegistration.of("carol", "room-solo"));
        assertThat(store().findCallEvents("carol", solo.id())).hasSize(1);
    }

    @Test
    default void aSigningKeyMappedToATenantOutranksWhatTheRoomSays() {
        List<CallChange> changes = new ArrayList<>();
        CallOutcomes outcomes = CallOutcomes.builder().store(store()).clock(clock()).listener((change, work) -> changes.add(change))
                .verifier(LiveKitTokenVerifier.builder().clock(clock())
                        .key("APIcarol", "carol-secret-0123456789abcdef", "carol").key(API_KEY, API_SECRET).build())
                .build();
        // The room metadata says alice; carol's own LiveKit project signed it.
        WebhookResult first = outcomes.handle(signedBy("APIcarol", "carol-secret-0123456789abcdef",
                leftEvent("EV_key1", "room-key", "alice", "SIP", null)));
        assertThat(first.status()).isEqualTo(WebhookResult.Status.PROCESSED);
        CallRecord carols = store().findCall("carol", first.callId()).orElseThrow();
        assertThat(carols.ownership().evidence()).isEqualTo(OwnerEvidence.API_KEY);
        assertThat(carols.ownership().contested()).as("the metadata named another tenant").isTrue();
        assertThat(store().findEvent("EV_key1").orElseThrow().keyTenantId()).isEqualTo("carol");
        assertThat(store().queryCalls(CallQuery.forTenant("alice")).items()).isEmpty();

        // A call that metadata gave alice stays hers: carol's key names calls of carol's own project only, by sid or name.
        WebhookResult alices = outcomes.handle(signedBy(API_KEY, API_SECRET, leftAt("EV_key2", "room-moved", "alice", 1761741300L)));
        CallRecord alicesBefore = store().findCall("alice", alices.callId()).orElseThrow();
        assertThat(alicesBefore.ownership().evidence()).isEqualTo(OwnerEvidence.ROOM_METADATA);
        WebhookResult forged = outcomes.handle(signedBy("APIcarol", "carol-secret-0123456789abcdef",
                leftAt("EV_key3", "room-moved", null, 1761741200L)));
        assertThat(forged.callId()).isNotEqualTo(alices.callId());
        assertThat(store().findCall("alice", alices.callId())).contains(alicesBefore);
        assertThat(store().findCallEvents("alice", alices.callId())).extracting(StoredEvent::eventId).containsExactly("EV_key2");
        assertThat(store().findCallEvents("carol", forged.callId())).extracting(StoredEvent::eventId).containsExactly("EV_key3");
        assertThat(changes.stream().filter(CallChange::ownerChanged)).isEmpty();
        // Without a sid, by name alone: still carol's own call, never alice's.
        byte[] sidless = new String(leftAt("EV_key4", "room-moved", null, 1761741200L), StandardCharsets.UTF_8)
                .replace("\"sid\":\"RM_room-moved\",", "").getBytes(StandardCharsets.UTF_8);
        WebhookResult byName = outcomes.handle(signedBy("APIcarol", "carol-secret-0123456789abcdef", sidless));
        assertThat(byName.callId()).isNotEqualTo(alices.callId());
        assertThat(store().findCall("alice", alices.callId())).contains(alicesBefore);
        // Alice's later events (no signed evidence: an egress) still join alice's call, not carol's.
        WebhookResult later = outcomes.handle(signedBy(API_KEY, API_SECRET, leftAt("EV_key5", "room-moved", null, 1761741310L)));
        assertThat(later.callId()).isEqualTo(alices.callId());
        assertThat(store().findCallEvents("alice", alices.callId())).extracting(StoredEvent::eventId).containsExactlyInAnyOrder("EV_key2", "EV_key5");
    }

    @Test
    default void aRegistrationHoldingFactsOwnsNothingAndItsFactsNeverReachAnotherTenantsCall() {
        CallOutcomes outcomes = service(null);
        // mallory registers alice's room name first and reports facts to her registration.
        CallRecord squat = outcomes.registerCall(CallRegistration.of("mallory", "room-facts"));
        outcomes.report("mallory", squat.id(), "f1", new CallFact.DialResult(486, "Busy Here")).orElseThrow();
        CallRecord withFacts = outcomes.report("mallory", squat.id(), "f2",
                new CallFact.Transfer(true, "tel:+15550009999", null)).orElseThrow();
        assertThat(withFacts.status()).as("facts alone make no call of a registration").isEqualTo(CallStatus.REGISTERED);
        // alice's call: signed room metadata names her.
        WebhookResult alices = outcomes.handle(unsigned(leftAt("EV_fact_a", "room-facts", "alice", 1761741300L)));
        CallRecord alice = store().findCall("alice", alices.callId()).orElseThrow();
        assertThat(alice.verdict().disposition()).isNotEqualTo(Disposition.BUSY);
        assertThat(alice.hostReport().transferTarget()).isNull();
        assertThat(alice.ownership().contested()).isFalse();
        assertThat(store().findCallEvents("alice", alices.callId())).extracting(StoredEvent::eventId).containsExactly("EV_fact_a");
        assertThat(store().findCallEvents("mallory", squat.id())).hasSize(2)
                .allMatch(e -> StoreTransaction.FACT_EVENT_TYPE.equals(e.eventType()));
        assertThat(store().findCall("mallory", squat.id()).orElseThrow().room().sid()).isNull();

        // Two registrations and one fact: neither owns the room, so an event without signed evidence goes to nobody.
        outcomes.registerCall(CallRegistration.of("victim", "room-two-regs"));
        CallRecord attacker = outcomes.registerCall(CallRegistration.of("mallory", "room-two-regs"));
        outcomes.report("mallory", attacker.id(), "h", new CallFact.HangUp("callee")).orElseThrow();
        WebhookResult nobody = outcomes.handle(unsigned(leftAt("EV_fact_b", "room-two-regs", null, 1761741300L)));
        assertThat(nobody.status()).isEqualTo(WebhookResult.Status.UNATTRIBUTED);
    }

    @Test
    default void byDefaultARegistrationNeitherTakesNorDrawsTheDefaultTenantsCalls() {
        CallOutcomes outcomes = service("acme");
        List<byte[]> call = SyntheticCalls.call("zed", 41, Outcome.COMPLETED, 1761741250L);
        String room = roomOfRoomEvent(call.get(0));
        outcomes.handle(unsigned(call.get(0)));
        CallRecord acmes = store().findCallByRoom("acme", "RM_zed_41", null).orElseThrow();
        CallRecord bobs = outcomes.registerCall(CallRegistration.of("bob", room).withCampaignId("bob-campaign"));
        assertThat(bobs.status()).isEqualTo(CallStatus.REGISTERED);
        assertThat(bobs.parties().phoneNumber()).isNull();
        assertThat(bobs.room().sid()).isNull();
        assertThat(store().findCallEvents("bob", bobs.id())).isEmpty();
        assertThat(outcomes.handle(unsigned(call.get(1))).callId()).isEqualTo(acmes.id());
        // Registered before the call: the default tenant's future call is not drawn to the registrant either.
        List<byte[]> next = SyntheticCalls.call("zed", 42, Outcome.COMPLETED, 1761741250L);
        CallRecord early = outcomes.registerCall(CallRegistration.of("bob", roomOfRoomEvent(next.get(0))));
        WebhookResult first = outcomes.handle(unsigned(next.get(0)));
        assertThat(store().findCall("acme", first.callId())).isPresent();
        assertThat(store().findCallEvents("bob", early.id())).isEmpty();
    }

    @Test
    default void deletingATenantRemovesItsCallsAndEventsOnly() {
        CallOutcomes outcomes = service(null);
        for (byte[] body : SyntheticCalls.call("alice", 1, Outcome.COMPLETED, 1761741250L)) {
            outcomes.handle(unsigned(body));
        }
        for (byte[] body : SyntheticCalls.call("bob", 2, Outcome.BUSY, 1761741250L)) {
            outcomes.handle(unsigned(body));
        }
        CallRecord bobs = store().queryCalls(CallQuery.forTenant("bob")).items().get(0);
        assertThat(store().deleteTenant("alice")).isEqualTo(1);
        assertThat(store().queryCalls(CallQuery.forTenant("alice")).items()).isEmpty();
        assertThat(store().findEvent("EV_start_alice_1")).isEmpty();
        assertThat(store().findCall("bob", bobs.id())).isPresent();
        assertThat(store().findCallEvents("bob", bobs.id())).as("busy calls have no recording").hasSize(5);
    }

    private WebhookRequest signedBy(String apiKey, String secret, byte[] body) {
        return WebhookRequest.ofSingle(Map.of("Authorization", WebhookSigner.liveKitToken(apiKey, secret, body, clock(),
                Duration.ofMinutes(10))), body);
    }
}
