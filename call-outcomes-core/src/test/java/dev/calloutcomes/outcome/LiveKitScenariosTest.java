package dev.calloutcomes.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.fact.CallFact;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.OutcomeStats;
import dev.calloutcomes.query.StatsQuery;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.webhook.WebhookVerifiers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Calls as LiveKit's own code sends their webhooks (livekit/sip v1.11 {@code outbound.go}, {@code inbound.go};
 * livekit/livekit {@code room.go}, {@code agent/worker.go}; livekit/agents {@code job.py}; livekit/egress), shaped as
 * protojson writes them: lowerCamelCase, int64 as strings, enums by name, zero values left out, and only the
 * attributes each path sets. Each scenario is delivered in many orders, which must all give the same record.
 */
class LiveKitScenariosTest {
    static final long T = 1764800000L;
    static final String ROOM = "sip-15550001111__1__x";
    static final String SID = "RM_scenario";

    /** One scenario's events; each is a webhook body. */
    private record Call(List<String> events) {
    }

    // -- event builders, as protojson writes LiveKit's WebhookEvent --------------------------------------------

    private static String room(String sid, String name) {
        return "{\"sid\":\"" + sid + "\",\"name\":\"" + name + "\",\"emptyTimeout\":300,\"creationTime\":\"" + T + "\"}";
    }

    private static String attrs(Map<String, String> attributes) {
        return attributes.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** A participant event: {@code reason} null leaves the field out (its zero value). */
    private static String participant(String event, String id, long at, String kind, String identity, String psid, long joined,
                                      String state, String reason, Map<String, String> attributes) {
        return participantIn(SID, ROOM, event, id, at, kind, identity, psid, joined, state, reason, attributes);
    }

    private static String participantIn(String sid, String name, String event, String id, long at, String kind, String identity,
                                        String psid, long joined, String state, String reason, Map<String, String> attributes) {
        return "{\"event\":\"" + event + "\",\"room\":" + room(sid, name) + ",\"participant\":{\"sid\":\"" + psid + "\",\"identity\":\""
                + identity + "\",\"state\":\"" + state + "\",\"joinedAt\":\"" + joined + "\",\"kind\":\"" + kind + "\",\"attributes\":"
                + attrs(attributes) + (reason == null ? "" : ",\"disconnectReason\":\"" + reason + "\"") + "},\"id\":\"" + id
                + "\",\"createdAt\":\"" + at + "\"}";
    }

    /** The outbound callee's attributes at a given {@code sip.callStatus}; {@code answered} adds what livekit/sip sets after the 200 OK. */
    private static Map<String, String> outbound(String status, boolean answered) {
        Map<String, String> a = new java.util.LinkedHashMap<>(Map.of("sip.callID", "SCL_s", "sip.callStatus", status,
                "sip.phoneNumber", "+15550001111", "sip.trunkPhoneNumber", "+15105550000", "sip.trunkID", "ST_t"));
        if (answered) {
            a.put("sip.callIDFull", "1234@203.0.113.7");
            a.put("sip.callTag", "tag1");
        }
        return a;
    }

    /** An inbound caller's attributes: a dispatch rule's leg, with the full call id from the start. */
    private static Map<String, String> inbound(String status) {
        return Map.of("sip.callID", "SCL_in", "sip.callIDFull", "abcd@198.51.100.20", "sip.callTag", "tIn", "sip.callStatus", status,
                "sip.phoneNumber", "+14155550188", "sip.trunkPhoneNumber", "+15105550000", "sip.ruleID", "SDR_r");
    }

    private static String calleeJoined(long at) {
        return participant("participant_joined", "EV_join", at, "SIP", "sip_+15550001111", "PA_callee", at, "ACTIVE", null,
                outbound("dialing", false));
    }

    private static String calleeLeft(long at, String reason, String status, boolean answered) {
        return participant("participant_left", "EV_left", at, "SIP", "sip_+15550001111", "PA_callee", T + 1, "DISCONNECTED", reason,
                outbound(status, answered));
    }

    private static String agentJoined(long at) {
        return participant("participant_joined", "EV_agent_join", at, "AGENT", "agent-AJ_" + at, "PA_agent", at, "ACTIVE", null,
                Map.of("lk.agent.name", "outbound-caller"));
    }

    private static String agentLeft(long at, String reason) {
        return participant("participant_left", "EV_agent_left", at, "AGENT", "agent-AJ_" + (T + 1), "PA_agent", T + 1, "DISCONNECTED",
                reason, Map.of("lk.agent.name", "outbound-caller"));
    }

    private static String jobEnded(long at, String status, String error) {
        return "{\"event\":\"agent_job_ended\",\"id\":\"EV_job\",\"createdAt\":\"" + at + "\",\"job\":{\"id\":\"AJ_1\",\"type\":\"JT_ROOM\","
                + "\"room\":" + room(SID, ROOM) + ",\"state\":{\"status\":\"" + status + "\",\"error\":\"" + error + "\"}}}";
    }

    private static String roomFinished(long at) {
        return "{\"event\":\"room_finished\",\"room\":" + room(SID, ROOM) + ",\"id\":\"EV_fin\",\"createdAt\":\"" + at + "\"}";
    }

    // -- delivery in many orders --------------------------------------------------------------------------------

    /** The call's record after its events, the same in every order tried (up to 24 orders; duplicates included). */
    private static CallRecord recordOf(List<String> events) {
        Random random = new Random(events.hashCode());
        CallRecord expected = null;
        for (int order = 0; order < 24; order++) {
            List<String> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            if (order % 3 == 2) {
                shuffled.add(shuffled.get(0));
            }
            CallRecord got = deliver(shuffled);
            if (expected == null) {
                expected = got;
            } else {
                assertThat(got).as("order %d: %s", order, shuffled).isEqualTo(expected);
            }
        }
        return expected;
    }

    private static CallRecord deliver(List<String> events) {
        OutcomeStore store = OutcomeStore.inMemory(Fixtures.CLOCK);
        CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(Fixtures.CLOCK).defaultTenant("acme")
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
        for (String event : events) {
            outcomes.handle(WebhookRequest.ofSingle(Map.of(), event.getBytes(StandardCharsets.UTF_8)));
        }
        List<CallRecord> calls = store.queryCalls(CallQuery.forTenant("acme")).items();
        assertThat(calls).hasSize(1);
        return calls.get(0).withTimestamps(null, null);
    }

    /** An outbound leg that joined dialing and left {@code seconds} later with {@code reason} at {@code status}. */
    private static CallRecord outboundLeg(long seconds, String reason, String status, boolean answered) {
        return recordOf(List.of(calleeJoined(T + 1), calleeLeft(T + seconds, reason, status, answered)));
    }

    private static void assertOutcome(CallRecord call, Outcome outcome, Disposition disposition) {
        assertThat(call.verdict().outcome()).as("outcome (%s)", call.verdict().reason()).isEqualTo(outcome);
        assertThat(call.verdict().disposition()).as("disposition (%s)", call.verdict().reason()).isEqualTo(disposition);
    }

    // -- 1. the agent's job ends JS_FAILED on a normal leave -------------------------------------------------

    @Test
    void aJobTerminatedBecauseItsAgentLeftTheRoomIsANormalEnd() {
        CallRecord call = recordOf(List.of(calleeJoined(T + 1), agentJoined(T + 1), agentLeft(T + 61, "CLIENT_INITIATED"),
                jobEnded(T + 61, "JS_FAILED", "agent worker left the room"), calleeLeft(T + 62, "CLIENT_INITIATED", "hangup", true)));
        assertOutcome(call, Outcome.COMPLETED, Disposition.ANSWERED);
        assertThat(call.parties().agent()).isEqualTo("outbound-caller");
    }

    @Test
    void anAgentTheServerClosedWhileTheCalleeWasThereFailedTheCall() {
        for (String reason : List.of("CONNECTION_TIMEOUT", "SIGNAL_CLOSE", "AGENT_ERROR")) {
            CallRecord call = recordOf(List.of(calleeJoined(T + 1), agentJoined(T + 1), agentLeft(T + 30, reason),
                    calleeLeft(T + 62, "CLIENT_INITIATED", "hangup", true)));
            assertOutcome(call, Outcome.FAILED, Disposition.AGENT_ERROR);
        }
        // The same reasons after the callee left (the room closing down) are no failure.
        CallRecord after = recordOf(List.of(calleeJoined(T + 1), agentJoined(T + 1), calleeLeft(T + 62, "CLIENT_INITIATED", "hangup", true),
                agentLeft(T + 63, "SIGNAL_CLOSE")));
        assertOutcome(after, Outcome.COMPLETED, Disposition.ANSWERED);
        CallRecord crashedJob = recordOf(List.of(calleeJoined(T + 1), jobEnded(T + 20, "JS_FAILED", "worker crashed"),
                calleeLeft(T + 62, "CLIENT_INITIATED", "hangup", true)));
        assertOutcome(crashedJob, Outcome.FAILED, Disposition.AGENT_ERROR);
    }

    // -- 2. the agent is its name, not its per-call identity --------------------------------------------------

    @Test
    void callsOfOneAgentGroupByItsNameOnASelfHostedServer() {
        OutcomeStore store = OutcomeStore.inMemory(Fixtures.CLOCK);
        CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(Fixtures.CLOCK).defaultTenant("acme")
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
        for (int n = 0; n < 3; n++) {
            String sid = "RM_agent" + n;
            String name = "sip-1555000222" + n + "__1__a";
            for (String event : List.of(
                    participantIn(sid, name, "participant_joined", "EV_a" + n, T + 1, "AGENT", "agent-AJ_job" + n, "PA_a" + n, T + 1,
                            "ACTIVE", null, Map.of("lk.agent.name", "outbound-caller")),
                    participantIn(sid, name, "participant_left", "EV_c" + n, T + 60, "SIP", "sip_+1555000222" + n, "PA_c" + n, T + 1,
                            "DISCONNECTED", "CLIENT_INITIATED", outbound("hangup", true)))) {
                outcomes.handle(WebhookRequest.ofSingle(Map.of(), event.getBytes(StandardCharsets.UTF_8)));
            }
        }
        OutcomeStats byAgent = store.stats(new StatsQuery("acme", Instant.EPOCH, Fixtures.CLOCK.instant().plusSeconds(1),
                StatsQuery.GroupBy.AGENT));
        assertThat(byAgent.groups()).extracting(OutcomeStats.Group::key).containsExactly("outbound-caller");
        assertThat(byAgent.groups().get(0).calls()).isEqualTo(3L);
        assertThat(store.queryCalls(CallQuery.forTenant("acme").withAgent("outbound-caller")).items()).hasSize(3);
    }

    // -- 3. an answered outbound leg that left without LiveKit's hang-up marker dropped ----------------------------

    @Test
    void anAnsweredCallWhoseLineDroppedIsFailedDroppedAndAHangUpIsCompleted() {
        assertOutcome(outboundLeg(60, "CLIENT_INITIATED", "active", true),
                Outcome.FAILED, Disposition.DROPPED);
        assertOutcome(outboundLeg(60, "CLIENT_INITIATED", "automation", true),
                Outcome.FAILED, Disposition.DROPPED);
        assertOutcome(outboundLeg(60, "CLIENT_INITIATED", "hangup", true),
                Outcome.COMPLETED, Disposition.ANSWERED);
        // The fixture LiveKit's SDK signed: an RTP timeout after the answer.
        assertOutcome(recordOf(List.of(new String(Fixtures.body("participant_joined_sip_dialing"), StandardCharsets.UTF_8),
                new String(Fixtures.body("participant_left_answered_media_timeout"), StandardCharsets.UTF_8))), Outcome.FAILED, Disposition.DROPPED);
    }

    // -- 4. ringing is not a ring-out -------------------------------------------------------------------------

    @Test
    void whatRingingAndTheReasonSayTogether() {
        assertOutcome(outboundLeg(20, "CLIENT_INITIATED", "ringing", false),
                Outcome.FAILED, Disposition.CARRIER_FAILURE);
        assertOutcome(outboundLeg(30, "USER_UNAVAILABLE", "ringing", false),
                Outcome.NO_ANSWER, Disposition.NO_ANSWER);
        assertOutcome(outboundLeg(2, "USER_UNAVAILABLE", "dialing", false),
                Outcome.NO_ANSWER, Disposition.UNAVAILABLE);
        assertOutcome(outboundLeg(3, "SIP_TRUNK_FAILURE", "ringing", false),
                Outcome.FAILED, Disposition.CARRIER_FAILURE);
    }

    // -- 5. USER_REJECTED is wider than busy; the host's dial result settles it ---------------------------------

    @Test
    void aRejectionClaimsNoMoreThanItKnowsUntilTheDialResultSettlesIt() {
        List<String> rejected = List.of(calleeJoined(T + 1), calleeLeft(T + 2, "USER_REJECTED", "dialing", false));
        assertOutcome(recordOf(rejected), Outcome.BUSY, Disposition.REJECTED);
        OutcomeStore store = OutcomeStore.inMemory(Fixtures.CLOCK);
        CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(Fixtures.CLOCK).defaultTenant("acme")
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
        for (String event : rejected) {
            outcomes.handle(WebhookRequest.ofSingle(Map.of(), event.getBytes(StandardCharsets.UTF_8)));
        }
        String id = store.queryCalls(CallQuery.forTenant("acme")).items().get(0).id();
        CallRecord auth = outcomes.report("acme", id, "dial", new CallFact.DialResult(403, "Forbidden")).orElseThrow();
        assertOutcome(auth, Outcome.FAILED, Disposition.TRUNK_AUTH_FAILURE);
    }

    // -- 6. the host's own cancel while the leg rings or dials -------------------------------------------------

    @Test
    void theHostsCancelBeforeTheAnswerIsCanceledNotACarrierFailure() {
        assertOutcome(outboundLeg(25, "ROOM_DELETED", "ringing", false),
                Outcome.NO_ANSWER, Disposition.CANCELED);
        assertOutcome(outboundLeg(5, "PARTICIPANT_REMOVED", "dialing", false),
                Outcome.NO_ANSWER, Disposition.CANCELED);
        // After the answer the same reasons are an ordinary end.
        assertOutcome(outboundLeg(60, "ROOM_DELETED", "active", true),
                Outcome.COMPLETED, Disposition.ANSWERED);
    }

    // -- 7. an inbound caller who hung up while waiting ------------------------------------------------------------

    @Test
    void anInboundCallerWhoLeftBeforeAnyoneJoinedWasNeverAnswered() {
        String caller = "sip_+14155550188";
        String joined = participant("participant_joined", "EV_in_join", T, "SIP", caller, "PA_in", T, "ACTIVE", null, inbound("ringing"));
        String left = participant("participant_left", "EV_in_left", T + 40, "SIP", caller, "PA_in", T, "DISCONNECTED", "CLIENT_INITIATED",
                inbound("hangup"));
        assertOutcome(recordOf(List.of(joined, left)), Outcome.NO_ANSWER, Disposition.CANCELED);
        assertOutcome(recordOf(List.of(new String(Fixtures.body("participant_left_inbound_caller_hung_up_waiting"), StandardCharsets.UTF_8))),
                Outcome.NO_ANSWER, Disposition.CANCELED);
        // An agent joined first: answered, and a hang-up (or an inbound media timeout, which looks like one) completes it.
        assertOutcome(recordOf(List.of(joined, agentJoined(T + 2), left)), Outcome.COMPLETED, Disposition.ANSWERED);
    }

    // -- 8. LiveKit-side losses ------------------------------------------------------------------------------------

    @Test
    void lossesOnLiveKitsSideAreNeitherCarrierFailuresNorCompletedCalls() {
        assertOutcome(outboundLeg(300, "CONNECTION_TIMEOUT", "active", true),
                Outcome.FAILED, Disposition.DROPPED);
        for (String reason : List.of("SERVER_SHUTDOWN", "STATE_MISMATCH", "SIGNAL_CLOSE")) {
            assertOutcome(recordOf(List.of(calleeJoined(T + 1), calleeLeft(T + 600, reason, "active", true))), Outcome.FAILED, Disposition.DROPPED);
        }
        assertOutcome(outboundLeg(3, "CONNECTION_TIMEOUT", "dialing", false),
                Outcome.FAILED, Disposition.UNKNOWN);
        assertOutcome(recordOf(List.of(new String(Fixtures.body("participant_connection_aborted"), StandardCharsets.UTF_8))),
                Outcome.FAILED, Disposition.UNKNOWN);
    }

    // -- 9. a SIP reconnect is not the end ---------------------------------------------------------------------------

    @Test
    void aReconnectingLegIsOneCallThatEndsWhenItsLastSessionLeaves() {
        String old = participant("participant_left", "EV_old_left", T + 30, "SIP", "sip_+15550001111", "PA_callee", T + 1, "DISCONNECTED",
                "DUPLICATE_IDENTITY", outbound("active", true));
        String rejoined = participant("participant_joined", "EV_rejoin", T + 30, "SIP", "sip_+15550001111", "PA_callee2", T + 30, "ACTIVE",
                null, outbound("active", true));
        CallRecord during = recordOf(List.of(calleeJoined(T + 1), old, rejoined));
        assertThat(during.status()).as("no end between the sessions").isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(during.verdict().outcome()).isNull();
        String last = participant("participant_left", "EV_new_left", T + 90, "SIP", "sip_+15550001111", "PA_callee2", T + 30, "DISCONNECTED",
                "CLIENT_INITIATED", outbound("hangup", true));
        CallRecord ended = recordOf(List.of(calleeJoined(T + 1), old, rejoined, last));
        assertOutcome(ended, Outcome.COMPLETED, Disposition.ANSWERED);
        assertThat(ended.timing().durationSeconds()).isEqualTo(89L);
        // MIGRATION is a replacement too.
        assertThat(recordOf(List.of(calleeJoined(T + 1), old.replace("DUPLICATE_IDENTITY", "MIGRATION"), rejoined)).verdict().outcome()).isNull();
    }

    // -- 10. a failed recording can still have a file -----------------------------------------------------------------

    @Test
    void aFailedEgressThatUploadedItsPartialFileIsARecordingWithItsError() {
        String egress = "{\"event\":\"egress_ended\",\"id\":\"EV_eg\",\"createdAt\":\"" + (T + 61) + "\",\"egressInfo\":{\"egressId\":\"EG_1\","
                + "\"roomId\":\"" + SID + "\",\"roomName\":\"" + ROOM + "\",\"status\":\"EGRESS_FAILED\",\"error\":\"recording ended early: "
                + "connection to room failed\",\"fileResults\":[{\"filename\":\"c.ogg\",\"location\":\"https://rec.example.com/c.ogg\"}]}}";
        CallRecord call = recordOf(List.of(calleeJoined(T + 1), calleeLeft(T + 60, "CLIENT_INITIATED", "hangup", true), egress));
        assertThat(call.recording().url()).isEqualTo("https://rec.example.com/c.ogg");
        assertThat(call.recording().error()).isEqualTo("failed: recording ended early: connection to room failed");
        CallRecord noFile = recordOf(List.of(calleeJoined(T + 1), calleeLeft(T + 60, "CLIENT_INITIATED", "hangup", true),
                egress.replace(",\"fileResults\":[{\"filename\":\"c.ogg\",\"location\":\"https://rec.example.com/c.ogg\"}]", "")));
        assertThat(noFile.recording().url()).isNull();
        assertThat(noFile.recording().error()).startsWith("failed: ");
    }

    // -- 11. the status while the call runs -------------------------------------------------------------------------

    @Test
    void aCallsStatusSaysWhatTheEvidenceShowsWhileItRuns() {
        assertThat(recordOf(List.of(calleeJoined(T + 1))).status()).isEqualTo(CallStatus.DIALING);
        String caller = "sip_+14155550188";
        String joined = participant("participant_joined", "EV_in_join", T, "SIP", caller, "PA_in", T, "ACTIVE", null, inbound("ringing"));
        assertThat(recordOf(List.of(joined)).status()).isEqualTo(CallStatus.RINGING);
        assertThat(recordOf(List.of(joined, agentJoined(T + 2))).status()).as("someone took the call").isEqualTo(CallStatus.IN_PROGRESS);
        OutcomeStore store = OutcomeStore.inMemory(Fixtures.CLOCK);
        CallOutcomes outcomes = CallOutcomes.builder().store(store).clock(Fixtures.CLOCK).defaultTenant("acme")
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
        outcomes.handle(WebhookRequest.ofSingle(Map.of(), calleeJoined(T + 1).getBytes(StandardCharsets.UTF_8)));
        String id = store.queryCalls(CallQuery.forTenant("acme")).items().get(0).id();
        assertThat(outcomes.report("acme", id, "answer", new CallFact.Answered(Instant.ofEpochSecond(T + 9))).orElseThrow().status())
                .as("the host reported the answer").isEqualTo(CallStatus.IN_PROGRESS);
    }

    // -- 12. carrier ids and kind details ---------------------------------------------------------------------------

    @Test
    void amazonContactIdsAreCarrierIdsAndANumericSimulationDetailIsRead() {
        Map<String, String> connect = new java.util.LinkedHashMap<>(outbound("hangup", true));
        connect.put("sip.amazon.contactId", "c-1");
        connect.put("sip.amazon.initialContactId", "c-0");
        String left = participant("participant_left", "EV_left", T + 60, "SIP", "sip_+15550001111", "PA_callee", T + 1, "DISCONNECTED",
                "CLIENT_INITIATED", connect);
        CallRecord call = recordOf(List.of(calleeJoined(T + 1), left));
        assertThat(call.parties().carrierCallIds()).contains("\"sip.amazon.contactId\":\"c-1\"").contains("\"sip.amazon.initialContactId\":\"c-0\"");
        CallRecord simulated = recordOf(List.of(calleeJoined(T + 1), left.replace("\"kind\":\"SIP\"", "\"kind\":\"SIP\",\"kindDetails\":[5]")));
        assertThat(simulated.parties().simulated()).isTrue();
    }
}
