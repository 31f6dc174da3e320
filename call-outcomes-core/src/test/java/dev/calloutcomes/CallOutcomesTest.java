package dev.calloutcomes;

import dev.calloutcomes.call.ListenerFailedException;
import dev.calloutcomes.call.CallChange;
import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static dev.calloutcomes.testing.Fixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.fact.CallFact;
import dev.calloutcomes.internal.FactEvents;
import dev.calloutcomes.outcome.Disposition;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import dev.calloutcomes.webhook.Verification.RejectionReason;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.testing.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallOutcomesTest {
    private final OutcomeStore store = OutcomeStore.inMemory(CLOCK);
    private final CallOutcomes outcomes = CallOutcomes.builder()
            .verifier(LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(CLOCK).build())
            .store(store).clock(CLOCK).defaultTenant("acme").build();

    private static WebhookRequest signed(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return WebhookRequest.ofSingle(Map.of("Authorization",
                WebhookSigner.liveKitToken(API_KEY, API_SECRET, body, CLOCK, Duration.ofMinutes(5))), body);
    }

    @Test
    void processesEveryFixtureSignedByLiveKit() {
        for (String name : Fixtures.JWT_SIGNED) {
            WebhookResult result = outcomes.handle(Fixtures.request(name));
            assertThat(result.status()).as(name).isIn(WebhookResult.Status.PROCESSED, WebhookResult.Status.IGNORED);
        }
        assertThat(outcomes.handle(Fixtures.request("track_published_irrelevant")).status()).isEqualTo(WebhookResult.Status.IGNORED);
        assertThat(store.findEvent("EV_fxTrackPub01")).as("ignored events are not stored").isEmpty();
    }

    private static String fixture(String name) {
        return new String(Fixtures.body(name), StandardCharsets.UTF_8);
    }

    @Test
    void anAgentThatLeftWithAgentErrorFailsTheCallWhateverTheCalleeDid() {
        outcomes.handle(Fixtures.request("participant_joined_sip_dialing"));
        WebhookResult answered = outcomes.handle(Fixtures.request("participant_left_answered_95s"));
        assertThat(answered.outcome()).isEqualTo(Outcome.COMPLETED);
        // LiveKit sends AGENT_ERROR on the agent's own leave; the callee's reason stays CLIENT_INITIATED.
        WebhookResult agentFailed = outcomes.handle(signed(fixture("participant_left_agent")
                .replace("\"disconnectReason\":\"ROOM_DELETED\"", "\"disconnectReason\":\"AGENT_ERROR\"")));
        assertThat(agentFailed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(store.findCall("acme", agentFailed.callId()).orElseThrow().verdict().reason()).isEqualTo("agent_error");
    }

    @Test
    void aConnectorOrBridgeParticipantIsTheCalleeWhenThereIsNoSipParticipant() {
        for (String kind : List.of("CONNECTOR", "BRIDGE")) {
            OutcomeStore own = OutcomeStore.inMemory(CLOCK);
            CallOutcomes viaConnector = CallOutcomes.builder().verifier(LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET)
                    .clock(CLOCK).build()).store(own).clock(CLOCK).defaultTenant("acme").build();
            viaConnector.handle(signed(fixture("participant_joined_sip_dialing").replace("\"kind\":\"SIP\"", "\"kind\":\"" + kind + "\"")));
            WebhookResult left = viaConnector.handle(signed(fixture("participant_left_answered_95s")
                    .replace("\"kind\":\"SIP\"", "\"kind\":\"" + kind + "\"")));
            assertThat(left.outcome()).as(kind).isEqualTo(Outcome.COMPLETED);
            assertThat(own.findCall("acme", left.callId()).orElseThrow().verdict().reason()).as(kind).isEqualTo("duration_completed");
        }
    }

    @Test
    void answersDuplicateForARedeliveredEvent() {
        WebhookResult first = outcomes.handle(Fixtures.request("participant_left_answered_95s"));
        WebhookResult again = outcomes.handle(Fixtures.request("participant_left_answered_95s"));
        assertThat(first.status()).isEqualTo(WebhookResult.Status.PROCESSED);
        assertThat(first.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(first.message()).isEqualTo("Outcome: completed");
        assertThat(again.status()).isEqualTo(WebhookResult.Status.DUPLICATE);
        assertThat(again.eventId()).isEqualTo("EV_fxLeftAnswrd");
    }

    @Test
    void rejectsUnverifiedWebhooksWithoutStoringThem() {
        WebhookResult result = outcomes.handle(WebhookRequest.ofSingle(Map.of(), Fixtures.body("room_started")));
        assertThat(result.status()).isEqualTo(WebhookResult.Status.UNAUTHENTICATED);
        assertThat(result.rejection()).isEqualTo(RejectionReason.MISSING_HEADER);
        assertThat(store.findEvent("EV_fxRoomStart1")).isEmpty();
    }

    @Test
    void failsClosedWhenNoVerifierIsConfigured() {
        CallOutcomes unconfigured = CallOutcomes.builder().store(store).build();
        assertThat(unconfigured.handle(Fixtures.request("room_started")).rejection()).isEqualTo(RejectionReason.NO_VERIFIER_CONFIGURED);
    }

    @Test
    void keepsAuthenticButMalformedBodiesForInspection() {
        WebhookResult result = outcomes.handle(signed("{\"event\":\"room_started\"}"));
        assertThat(result.status()).isEqualTo(WebhookResult.Status.MALFORMED);
        assertThat(result.message()).contains("'id' is missing");
        assertThat(store.findEvent(result.eventId())).get().satisfies(e -> {
            assertThat(e.status()).isEqualTo(EventStatus.FAILED);
            assertThat(e.payload()).isEqualTo("{\"event\":\"room_started\"}");
            assertThat(e.error()).contains("'id' is missing");
        });
    }

    @Test
    void aListenerFailureRollsTheEventBackAndRedeliverySucceeds() {
        AtomicInteger calls = new AtomicInteger();
        CallOutcomes flaky = CallOutcomes.builder().store(store).clock(CLOCK).defaultTenant("acme")
                .verifier(LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(CLOCK).build())
                .listener((change, tx) -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("host table locked");
                    }
                }).build();
        assertThatThrownBy(() -> flaky.handle(Fixtures.request("participant_left_busy")))
                .isInstanceOf(ListenerFailedException.class).hasMessageContaining("rolled back");
        assertThat(store.findEvent("EV_fxLeftBusy01")).isEmpty();
        assertThat(store.queryCalls(dev.calloutcomes.query.CallQuery.forTenant("acme")).items()).isEmpty();
        assertThat(flaky.handle(Fixtures.request("participant_left_busy")).outcome()).isEqualTo(Outcome.BUSY);
    }

    @Test
    void listenersSeeOutcomeChanges() {
        List<CallChange> changes = new ArrayList<>();
        CallOutcomes observed = CallOutcomes.builder().store(store).clock(CLOCK).defaultTenant("acme")
                .verifier(LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(CLOCK).build())
                .listener((change, tx) -> changes.add(change)).build();
        observed.handle(Fixtures.request("participant_joined_sip_dialing"));
        observed.handle(Fixtures.request("participant_left_answered_95s"));
        observed.handle(Fixtures.request("room_finished_voicemail_metadata"));
        assertThat(changes).extracting(CallChange::outcomeChanged).containsExactly(false, true, true);
        assertThat(changes.get(2).after().verdict().outcome()).isEqualTo(Outcome.VOICEMAIL);
    }

    @Test
    void classifiesTheSeedsOwnExample() {
        CallOutcomes seed = CallOutcomes.builder().store(store).clock(CLOCK).defaultTenant("acme")
                .verifier(dev.calloutcomes.webhook.HmacSignatureVerifier.builder().secret(Fixtures.HMAC_SECRET).build()).build();
        WebhookResult result = seed.handle(WebhookRequest.ofSingle(Map.of("X-LiveKit-Signature",
                Fixtures.hmacSignature("seed_example_participant_left")), Fixtures.body("seed_example_participant_left")));
        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        CallRecord call = store.findCall("acme", result.callId()).orElseThrow();
        assertThat(call.timing().durationSeconds()).isEqualTo(46L);
        assertThat(call.parties().phoneNumber()).isEqualTo("+17678189426");
    }

    @Test
    void registeringARoomAnotherTenantUsesRevealsNothingAndTakesNothing() {
        CallRecord alices = outcomes.registerCall(CallRegistration.of("alice", "room-1").withCampaignId("alice-campaign"));
        CallRecord bobs = outcomes.registerCall(CallRegistration.of("bob", "room-1"));
        CallRecord fresh = outcomes.registerCall(CallRegistration.of("bob", "room-unused"));
        assertThat(bobs.id()).isNotEqualTo(alices.id());
        assertThat(bobs.withTimestamps(null, null)).as("answered as for a room nobody uses")
                .usingRecursiveComparison().ignoringFields("id", "room.name", "registration").isEqualTo(fresh.withTimestamps(null, null));
        assertThat(bobs.attribution().campaignId()).isNull();
        assertThat(store.findCall("bob", alices.id())).isEmpty();
        assertThatThrownBy(() -> CallRegistration.of("alice", " ")).hasMessageContaining("roomName");
    }

    @Test
    void aRegisteredSipCallIdStandsUntilAnEventNamesOne() {
        CallRecord registered = outcomes.registerCall(CallRegistration.of("acme", "room-EV_s1").withSipCallId("SCL_from_create"));
        assertThat(registered.parties().sipCallId()).isEqualTo("SCL_from_create");
        WebhookResult left = outcomes.handle(signed(left("EV_s1", "1761741251", "1761741300")));
        assertThat(store.findCall("acme", left.callId()).orElseThrow().parties().sipCallId()).as("the event names none").isEqualTo("SCL_from_create");

        outcomes.registerCall(CallRegistration.of("acme", "room-EV_s2").withSipCallId("SCL_from_create"));
        String named = left("EV_s2", "1761741251", "1761741300").replace("\"disconnectReason\"",
                "\"attributes\":{\"sip.callID\":\"SCL_from_event\"},\"disconnectReason\"");
        WebhookResult withId = outcomes.handle(signed(named));
        assertThat(store.findCall("acme", withId.callId()).orElseThrow().parties().sipCallId()).isEqualTo("SCL_from_event");
        assertThatThrownBy(() -> CallRegistration.of("acme", "r").withSipCallId("x".repeat(256))).hasMessageContaining("sipCallId");
    }

    @Test
    void aReportedDialResultSettlesWhatTheWebhookCouldNotTellWhateverTheOrder() {
        WebhookResult busy = outcomes.handle(Fixtures.request("participant_left_busy"));
        CallRecord rejected = store.findCall("acme", busy.callId()).orElseThrow();
        assertThat(rejected.verdict().outcome()).isEqualTo(Outcome.BUSY);
        assertThat(rejected.verdict().disposition()).as("USER_REJECTED alone").isEqualTo(Disposition.REJECTED);

        CallRecord declined = outcomes.report("acme", busy.callId(), "dial-1", new CallFact.DialResult(603, "Decline")).orElseThrow();
        assertThat(declined.verdict().outcome()).isEqualTo(Outcome.NO_ANSWER);
        assertThat(declined.verdict().disposition()).isEqualTo(Disposition.DECLINED);
        assertThat(declined.verdict().reason()).isEqualTo("sip_declined");
        assertThat(outcomes.report("acme", busy.callId(), "dial-1", new CallFact.DialResult(603, "Decline")))
                .as("the same fact again changes nothing").contains(store.findCall("acme", busy.callId()).orElseThrow());
        assertThat(store.findCallEvents("acme", busy.callId())).filteredOn(e -> FactEvents.TYPE.equals(e.eventType())).hasSize(1);
        assertThat(outcomes.report("mallory", busy.callId(), "dial-1", new CallFact.DialResult(486, null)))
                .as("another tenant's call is not found").isEmpty();
        assertThatThrownBy(() -> outcomes.report("acme", busy.callId(), " ", new CallFact.DialResult(486, null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> new CallFact.DialResult(99, null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("sipStatus");

        // Reported first, before any webhook: the registration stays a registration (facts alone bind and end nothing);
        // LiveKit's webhooks then make the call, and the fact settles it.
        CallRecord registered = outcomes.registerCall(CallRegistration.of("acme", "room-EV_f1"));
        CallRecord refused = outcomes.report("acme", registered.id(), "dial", new CallFact.DialResult(486, "Busy Here")).orElseThrow();
        assertThat(refused.status()).isEqualTo(dev.calloutcomes.call.CallStatus.REGISTERED);
        assertThat(refused.verdict().outcome()).isNull();
        outcomes.handle(signed(left("EV_f1", "1761741251", "1761741252").replace("CLIENT_INITIATED", "USER_REJECTED")));
        CallRecord after = store.findCall("acme", registered.id()).orElseThrow();
        assertThat(after.verdict().disposition()).isEqualTo(Disposition.BUSY);
        assertThat(after.verdict().reason()).isEqualTo("sip_busy");
        outcomes.maintenance().reprocess("acme", java.time.Instant.EPOCH, CLOCK.instant().plusSeconds(3600));
        assertThat(store.findCall("acme", registered.id()).orElseThrow().verdict().disposition()).as("kept through reprocessing").isEqualTo(Disposition.BUSY);

        // A webhook cannot forge a fact: LiveKit has no such event.
        String forged = "{\"event\":\"call_outcomes_fact\",\"id\":\"EV_forged\",\"room\":{\"sid\":\"RM_tEV_f1\",\"name\":\"room-EV_f1\"},"
                + "\"fact\":{\"type\":\"dial_result\",\"sipStatus\":603}}";
        assertThat(outcomes.handle(signed(forged)).status()).isEqualTo(WebhookResult.Status.IGNORED);
    }

    @Test
    void aReportedAnswerSplitsRingFromTalkAndTheRulesMeasureTheTalk() {
        WebhookResult left = outcomes.handle(signed(left("EV_a1", "1761741250", "1761741281")));
        CallRecord measuredFromJoin = store.findCall("acme", left.callId()).orElseThrow();
        assertThat(measuredFromJoin.timing().durationSeconds()).isEqualTo(31L);
        assertThat(measuredFromJoin.verdict().outcome()).as("31 s from the callee's join, ringing included").isEqualTo(Outcome.COMPLETED);
        assertThat(measuredFromJoin.timing().ringSeconds()).isNull();

        CallRecord answered = outcomes.report("acme", left.callId(), "answer",
                new CallFact.Answered(java.time.Instant.ofEpochSecond(1761741275L))).orElseThrow();
        assertThat(answered.timing().ringSeconds()).isEqualTo(25L);
        assertThat(answered.timing().talkSeconds()).isEqualTo(6L);
        assertThat(answered.timing().durationSeconds()).as("still from the join").isEqualTo(31L);
        assertThat(answered.verdict().outcome()).as("6 s of talk").isEqualTo(Outcome.NO_ANSWER);
        assertThat(answered.verdict().reason()).isEqualTo("duration_under_10s");
        assertThatThrownBy(() -> new CallFact.Answered(null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("at");
    }

    @Test
    void theCallsAgentIsItsAgentParticipant() {
        for (byte[] body : dev.calloutcomes.testing.SyntheticCalls.call("acme", 5, Outcome.COMPLETED, 1761741250L)) {
            outcomes.handle(signed(new String(body, StandardCharsets.UTF_8)));
        }
        assertThat(store.queryCalls(dev.calloutcomes.query.CallQuery.forTenant("acme").withAgent("agent-5")).items())
                .singleElement().extracting((CallRecord call) -> call.parties().agent()).isEqualTo("agent-5");
        assertThat(store.queryCalls(dev.calloutcomes.query.CallQuery.forTenant("acme").withAgent("agent-6")).items()).isEmpty();
    }

    @Test
    void simulatedCallsAreFlaggedAndLeftOutOfStatsUnlessAskedForFailedRecordingsSayWhyCarrierIdsAreKept() {
        outcomes.handle(Fixtures.request("participant_joined_sip_dialing"));
        String left = fixture("participant_left_answered_95s").replace("\"attributes\":{", "\"attributes\":{\"sip.twilio.callSid\":\"CA123\",");
        WebhookResult real = outcomes.handle(signed(left));
        String failedEgress = fixture("egress_ended_recording").replace("EGRESS_COMPLETE", "EGRESS_FAILED")
                .replace("\"fileResults\"", "\"error\":\"no space left on device\",\"fileResults\"");
        outcomes.handle(signed(failedEgress));
        CallRecord call = store.findCall("acme", real.callId()).orElseThrow();
        assertThat(call.recording().url()).as("a failed egress's partial file is a recording (livekit/egress#1270)")
                .startsWith("https://");
        assertThat(call.recording().error()).as("its error kept beside it").isEqualTo("failed: no space left on device");
        assertThat(call.parties().carrierCallIds()).isEqualTo("{\"sip.twilio.callSid\":\"CA123\"}");
        assertThat(call.parties().simulated()).isFalse();

        String simulated = left.replace("RM_fxT5hQk2Lm9P", "RM_simulated").replace("sip-7678189426__1730000000__abc", "sip-7678189426__1__sim")
                .replace("\"id\":\"EV_fx", "\"id\":\"EV_sim").replace("\"kind\":\"SIP\"", "\"kind\":\"SIP\",\"kindDetails\":[\"SIMULATION\"]");
        CallRecord test = store.findCall("acme", outcomes.handle(signed(simulated)).callId()).orElseThrow();
        assertThat(test.parties().simulated()).isTrue();
        dev.calloutcomes.query.StatsQuery stats = new dev.calloutcomes.query.StatsQuery("acme", java.time.Instant.EPOCH,
                CLOCK.instant().plusSeconds(86400), dev.calloutcomes.query.StatsQuery.GroupBy.OUTCOME);
        assertThat(store.stats(stats).groups()).singleElement().extracting(dev.calloutcomes.query.OutcomeStats.Group::calls).isEqualTo(1L);
        assertThat(store.stats(stats.withSimulated()).groups()).singleElement().extracting(dev.calloutcomes.query.OutcomeStats.Group::calls)
                .isEqualTo(2L);
    }

    @Test
    void aFailedAgentJobFailsTheCallAndNamesItsAgent() {
        String job = "{\"event\":\"agent_job_ended\",\"id\":\"EV_job1\",\"createdAt\":\"1761741260\",\"job\":{\"id\":\"AJ_1\","
                + "\"type\":\"JT_ROOM\",\"room\":{\"sid\":\"RM_fxT5hQk2Lm9P\",\"name\":\"sip-7678189426__1730000000__abc\"},"
                + "\"agentName\":\"outbound-caller\",\"state\":{\"status\":\"JS_FAILED\",\"error\":\"worker crashed\"}}}";
        LiveKitEvent parsed = outcomes.parser().parse(job.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.roomSid()).as("the room is the job's").isEqualTo("RM_fxT5hQk2Lm9P");
        assertThat(parsed.agentJob()).isEqualTo(new LiveKitEvent.AgentJob("AJ_1", "outbound-caller", LiveKitEvent.JobStatus.JS_FAILED, "worker crashed"));
        assertThat(outcomes.handle(signed(job)).status()).isEqualTo(WebhookResult.Status.PROCESSED);
        WebhookResult left = outcomes.handle(Fixtures.request("participant_left_answered_95s"));
        CallRecord call = store.findCall("acme", left.callId()).orElseThrow();
        assertThat(call.verdict().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(call.verdict().disposition()).isEqualTo(Disposition.AGENT_ERROR);
        assertThat(call.parties().agent()).as("the job's agent name").isEqualTo("outbound-caller");
        assertThat(outcomes.parser().parse(job.replace("\"JS_FAILED\"", "3").getBytes(StandardCharsets.UTF_8)).agentJob().failed())
                .as("protojson may send the status's number").isTrue();
    }

    @Test
    void transfersHangUpsTranscriptsAndAnalysesAreKeptOnTheCall() {
        WebhookResult left = outcomes.handle(Fixtures.request("participant_left_answered_95s"));
        String id = left.callId();
        outcomes.report("acme", id, "t", new CallFact.Transfer(true, "sip:desk@example.com", 202));
        outcomes.report("acme", id, "h", new CallFact.HangUp("agent"));
        outcomes.report("acme", id, "s", new CallFact.Transcript("Agent: hello. Callee: hi.", null, "en-US"));
        CallRecord call = outcomes.report("acme", id, "a", new CallFact.Analysis("{\"intent\":\"callback\"}")).orElseThrow();
        assertThat(call.verdict().disposition()).isEqualTo(Disposition.TRANSFERRED);
        assertThat(call.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(call.hostReport().transferTarget()).isEqualTo("sip:desk@example.com");
        assertThat(call.hostReport().hangUpBy()).isEqualTo("agent");
        assertThat(call.hostReport().transcript()).isEqualTo("Agent: hello. Callee: hi.");
        assertThat(call.hostReport().transcriptLanguage()).isEqualTo("en-US");
        assertThat(call.hostReport().analysis()).isEqualTo("{\"intent\":\"callback\"}");
        assertThatThrownBy(() -> new CallFact.HangUp("nobody")).isInstanceOf(InvalidInputException.class).hasMessageContaining("side");
        assertThatThrownBy(() -> new CallFact.Transcript(null, null, "en")).hasMessageContaining("text or url");
        assertThatThrownBy(() -> new CallFact.Analysis("[1]")).hasMessageContaining("JSON object");
    }

    @Test
    void aFactReportedWhileItsCallChangesOwnerIsNotFoundRatherThanAnError() {
        OutcomeStore memory = OutcomeStore.inMemory(CLOCK);
        java.util.concurrent.atomic.AtomicBoolean moveOnce = new java.util.concurrent.atomic.AtomicBoolean();
        OutcomeStore racing = new dev.calloutcomes.testing.ForwardingStore(memory) {
            @Override
            public java.util.Optional<CallRecord> findCall(String tenantId, String callId) {
                java.util.Optional<CallRecord> found = delegate.findCall(tenantId, callId);
                if (found.isPresent() && moveOnce.compareAndSet(true, false)) {
                    // Between the lookup and the lock, stronger evidence gives the call to bob.
                    delegate.inTransaction(tx -> {
                        tx.transferCall(tenantId, callId, "bob");
                        return null;
                    });
                }
                return found;
            }
        };
        CallOutcomes racy = CallOutcomes.builder().verifier(LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(CLOCK).build())
                .store(racing).clock(CLOCK).defaultTenant("acme").build();
        String id = racy.handle(Fixtures.request("participant_left_busy")).callId();
        moveOnce.set(true);
        assertThat(racy.report("acme", id, "dial", new CallFact.DialResult(603, "Decline"))).as("no longer acme's").isEmpty();
        assertThat(memory.findCallEvents("bob", id)).noneMatch(e -> FactEvents.TYPE.equals(e.eventType()));
        assertThat(memory.findCall("bob", id).orElseThrow().verdict().disposition()).isEqualTo(Disposition.REJECTED);
    }

    @Test
    void builderRequiresAStore() {
        assertThatThrownBy(() -> CallOutcomes.builder().build()).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("store");
    }

    private static String left(String id, String joinedAt, String createdAt) {
        return "{\"event\":\"participant_left\",\"id\":\"" + id + "\",\"createdAt\":\"" + createdAt + "\",\"room\":{\"sid\":\"RM_t"
                + id + "\",\"name\":\"room-" + id + "\"},\"participant\":{\"sid\":\"PA_t\",\"identity\":\"sip_t\",\"kind\":\"SIP\","
                + "\"joinedAt\":\"" + joinedAt + "\",\"disconnectReason\":\"CLIENT_INITIATED\"}}";
    }

    @Test
    void implausibleTimesAreBadInputKeptForInspectionNeverAWrappedDuration() {
        WebhookResult early = outcomes.handle(signed(left("EV_t1", "1", "4102444799")));
        assertThat(early.status()).isEqualTo(WebhookResult.Status.MALFORMED);
        assertThat(early.message()).contains("participant.joinedAt").contains("not a plausible time");
        assertThat(store.findEvent(early.eventId())).get().extracting(e -> e.status()).isEqualTo(EventStatus.FAILED);
        WebhookResult late = outcomes.handle(signed(left("EV_t2", "1761741251", "4102444800")));
        assertThat(late.status()).isEqualTo(WebhookResult.Status.MALFORMED);
        assertThat(late.message()).contains("'createdAt'");
        assertThat(outcomes.handle(signed(left("EV_t3", "-5", "1761741300"))).status()).isEqualTo(WebhookResult.Status.MALFORMED);
        assertThat(outcomes.handle(signed(left("EV_t4", "1761741251", "9223372036854775807"))).status())
                .isEqualTo(WebhookResult.Status.MALFORMED);

        // Each time plausible alone, 99 years apart together: unknown duration, and a reason that says so.
        WebhookResult apart = outcomes.handle(signed(left("EV_t5", "946684800", "4070908800")));
        assertThat(apart.status()).isEqualTo(WebhookResult.Status.PROCESSED);
        CallRecord call = store.findCall("acme", apart.callId()).orElseThrow();
        assertThat(call.verdict().reason()).isEqualTo("implausible_duration");
        assertThat(call.verdict().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(call.timing().durationSeconds()).isNull();
    }
}
