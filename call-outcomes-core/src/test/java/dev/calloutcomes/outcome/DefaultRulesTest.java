package dev.calloutcomes.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calloutcomes.outcome.ClassificationRule.Classification;
import dev.calloutcomes.fact.CallFact;
import dev.calloutcomes.livekit.LiveKitEvent.SipCallStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefaultRulesTest {
    private final OutcomeClassifier classifier = OutcomeClassifier.ofDefaults();

    private static CallEvidence left(String reason, String status, long seconds, Map<String, String> signals) {
        return new CallEvidence(true, true, true, false, false, reason, status == null ? null : SipCallStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT)), Duration.ofSeconds(seconds), signals);
    }

    /** {@code e} with what the host reported: the SIP result of dialing and an answering-machine verdict (either may be null). */
    private static CallEvidence reported(CallEvidence e, Integer sipStatus, String phrase, CallFact.MachineDetection.Verdict verdict) {
        return facts(e, sipStatus == null ? null : new CallFact.DialResult(sipStatus, phrase), verdict, null, null);
    }

    /** {@code e} with a transfer and a hang-up side the host reported (either may be null). */
    private static CallEvidence with(CallEvidence e, CallFact.Transfer transfer, CallFact.HangUp hangUp) {
        return facts(e, null, null, transfer, hangUp);
    }

    private static CallEvidence facts(CallEvidence e, CallFact.DialResult dial, CallFact.MachineDetection.Verdict verdict,
                                      CallFact.Transfer transfer, CallFact.HangUp hangUp) {
        return new CallEvidence(e.ended(), e.calleeSeen(), e.calleeLeft(), e.calleeAborted(), e.roomFinished(), e.disconnectReason(),
                e.lastCallStatus(), e.duration(), e.signals(), e.agentDisconnectReason(), dial, verdict, transfer, hangUp);
    }

    static Stream<Arguments> table() {
        CallEvidence rejected = left("USER_REJECTED", "ringing", 0, Map.of());
        CallEvidence unavailable = left("USER_UNAVAILABLE", "ringing", 0, Map.of());
        CallEvidence talked = left("CLIENT_INITIATED", "hangup", 60, Map.of());
        return Stream.of(
                Arguments.of("AMD machine_vm", reported(talked, null, null, CallFact.MachineDetection.Verdict.MACHINE_VM), Outcome.VOICEMAIL, "amd_voicemail", Disposition.VOICEMAIL),
                Arguments.of("AMD machine_ivr", reported(talked, null, null, CallFact.MachineDetection.Verdict.MACHINE_IVR), Outcome.VOICEMAIL, "amd_ivr", Disposition.IVR),
                Arguments.of("AMD machine_unavailable", reported(talked, null, null, CallFact.MachineDetection.Verdict.MACHINE_UNAVAILABLE), Outcome.VOICEMAIL, "amd_machine_unavailable", Disposition.VOICEMAIL),
                Arguments.of("AMD human", reported(talked, 200, "OK", CallFact.MachineDetection.Verdict.HUMAN), Outcome.COMPLETED, "duration_completed", Disposition.ANSWERED),
                Arguments.of("SIP 486", reported(rejected, 486, "Busy Here", null), Outcome.BUSY, "sip_busy", Disposition.BUSY),
                Arguments.of("SIP 600", reported(rejected, 600, "Busy Everywhere", null), Outcome.BUSY, "sip_busy", Disposition.BUSY),
                Arguments.of("SIP 603", reported(rejected, 603, "Decline", null), Outcome.NO_ANSWER, "sip_declined", Disposition.DECLINED),
                Arguments.of("SIP 603 spam", reported(rejected, 603, "Declined: suspected spam", null), Outcome.FAILED, "sip_spam_blocked", Disposition.SPAM_BLOCKED),
                Arguments.of("SIP 608", reported(rejected, 608, "Rejected", null), Outcome.FAILED, "sip_spam_blocked", Disposition.SPAM_BLOCKED),
                Arguments.of("SIP 404", reported(unavailable, 404, "Not Found", null), Outcome.FAILED, "sip_invalid_number", Disposition.INVALID_NUMBER),
                Arguments.of("SIP 604", reported(unavailable, 604, "Does Not Exist Anywhere", null), Outcome.FAILED, "sip_invalid_number", Disposition.INVALID_NUMBER),
                Arguments.of("SIP 480", reported(unavailable, 480, "Temporarily Unavailable", null), Outcome.NO_ANSWER, "sip_no_answer", Disposition.NO_ANSWER),
                Arguments.of("SIP 408", reported(unavailable, 408, "Request Timeout", null), Outcome.NO_ANSWER, "sip_no_answer", Disposition.NO_ANSWER),
                Arguments.of("SIP 487", reported(rejected, 487, "Request Terminated", null), Outcome.NO_ANSWER, "sip_canceled", Disposition.CANCELED),
                Arguments.of("SIP 403", reported(rejected, 403, "Forbidden", null), Outcome.FAILED, "sip_trunk_auth_failure", Disposition.TRUNK_AUTH_FAILURE),
                Arguments.of("SIP 407", reported(rejected, 407, "Proxy Authentication Required", null), Outcome.FAILED, "sip_trunk_auth_failure", Disposition.TRUNK_AUTH_FAILURE),
                Arguments.of("SIP 429", reported(rejected, 429, null, null), Outcome.FAILED, "sip_rate_limited", Disposition.RATE_LIMITED),
                Arguments.of("SIP 503 CPS", reported(rejected, 503, "Maximum CPS limit exceeded", null), Outcome.FAILED, "sip_rate_limited", Disposition.RATE_LIMITED),
                Arguments.of("SIP 503", reported(rejected, 503, "Service Unavailable", null), Outcome.FAILED, "sip_carrier_failure", Disposition.CARRIER_FAILURE),
                Arguments.of("SIP 488", reported(rejected, 488, "Not Acceptable Here", null), Outcome.FAILED, "sip_carrier_failure", Disposition.CARRIER_FAILURE),
                Arguments.of("SIP 200 is no refusal", reported(talked, 200, "OK", null), Outcome.COMPLETED, "duration_completed", Disposition.ANSWERED),
                Arguments.of("transfer completed", with(talked, new CallFact.Transfer(true, "sip:desk@example.com", 202), null), Outcome.COMPLETED, "transferred", Disposition.TRANSFERRED),
                Arguments.of("transfer failed", with(talked, new CallFact.Transfer(false, "sip:desk@example.com", 486), null), Outcome.COMPLETED, "duration_completed", Disposition.ANSWERED),
                Arguments.of("system hung up after the answer", with(talked, null, new CallFact.HangUp("system")), Outcome.FAILED, "dropped_by_system", Disposition.DROPPED),
                Arguments.of("system hung up while ringing", with(left("CLIENT_INITIATED", "ringing", 20, Map.of()), null, new CallFact.HangUp("system")), Outcome.NO_ANSWER, "left_while_ringing", Disposition.NO_ANSWER),
                Arguments.of("callee hung up", with(talked, null, new CallFact.HangUp("callee")), Outcome.COMPLETED, "duration_completed", Disposition.ANSWERED),
                Arguments.of("USER_REJECTED", left("USER_REJECTED", "ringing", 60, Map.of()), Outcome.BUSY, "disconnect_user_rejected", Disposition.REJECTED),
                Arguments.of("USER_UNAVAILABLE after ringing", left("USER_UNAVAILABLE", "ringing", 60, Map.of()), Outcome.NO_ANSWER, "no_answer_after_ringing", Disposition.NO_ANSWER),
                Arguments.of("USER_UNAVAILABLE while dialing", left("USER_UNAVAILABLE", "dialing", 60, Map.of()), Outcome.NO_ANSWER, "disconnect_user_unavailable", Disposition.UNAVAILABLE),
                Arguments.of("SIP_TRUNK_FAILURE", left("SIP_TRUNK_FAILURE", "active", 60, Map.of()), Outcome.FAILED, "disconnect_failure", Disposition.CARRIER_FAILURE),
                Arguments.of("MEDIA_FAILURE", left("MEDIA_FAILURE", null, 60, Map.of()), Outcome.FAILED, "disconnect_failure", Disposition.CARRIER_FAILURE),
                Arguments.of("JOIN_FAILURE", left("JOIN_FAILURE", null, 60, Map.of()), Outcome.FAILED, "disconnect_failure", Disposition.CARRIER_FAILURE),
                Arguments.of("CONNECTION_TIMEOUT before any answer", left("CONNECTION_TIMEOUT", null, 60, Map.of()), Outcome.FAILED, "lost_by_livekit", Disposition.UNKNOWN),
                Arguments.of("AGENT_ERROR", left("AGENT_ERROR", null, 60, Map.of()), Outcome.FAILED, "agent_error", Disposition.AGENT_ERROR),
                Arguments.of("agent left with AGENT_ERROR", new CallEvidence(true, true, true, false, false, "CLIENT_INITIATED",
                        SipCallStatus.ACTIVE, Duration.ofSeconds(60), Map.of(), "AGENT_ERROR"), Outcome.FAILED, "agent_error", Disposition.AGENT_ERROR),
                Arguments.of("voicemail verdict", left("CLIENT_INITIATED", "hangup", 60, Map.of("outcome", "voicemail")), Outcome.VOICEMAIL, "voicemail_verdict", Disposition.VOICEMAIL),
                Arguments.of("answering machine verdict", left("CLIENT_INITIATED", "hangup", 60, Map.of("outcome", "Answering_Machine")), Outcome.VOICEMAIL, "voicemail_verdict", Disposition.VOICEMAIL),
                Arguments.of("left while dialing", left("CLIENT_INITIATED", "dialing", 60, Map.of()), Outcome.FAILED, "left_while_dialing", Disposition.CARRIER_FAILURE),
                Arguments.of("left while ringing", left("CLIENT_INITIATED", "ringing", 60, Map.of()), Outcome.NO_ANSWER, "left_while_ringing", Disposition.NO_ANSWER),
                Arguments.of("aborted", new CallEvidence(true, true, false, true, false, null, SipCallStatus.ACTIVE, null, Map.of()), Outcome.FAILED, "connection_aborted", Disposition.UNKNOWN),
                Arguments.of("busy reason", left("SIP_BUSY_HERE", "hangup", 60, Map.of()), Outcome.BUSY, "disconnect_busy", Disposition.BUSY),
                Arguments.of("never joined", new CallEvidence(true, false, false, false, true, null, null, null, Map.of()), Outcome.FAILED, "callee_never_joined", Disposition.UNKNOWN),
                Arguments.of("2 s", left("CLIENT_INITIATED", "hangup", 2, Map.of()), Outcome.FAILED, "duration_under_3s", Disposition.DROPPED),
                Arguments.of("3 s", left("CLIENT_INITIATED", "hangup", 3, Map.of()), Outcome.NO_ANSWER, "duration_under_10s", Disposition.NO_ANSWER),
                Arguments.of("9 s", left("CLIENT_INITIATED", "hangup", 9, Map.of()), Outcome.NO_ANSWER, "duration_under_10s", Disposition.NO_ANSWER),
                Arguments.of("10 s", left("CLIENT_INITIATED", "hangup", 10, Map.of()), Outcome.COMPLETED, "duration_completed", Disposition.ANSWERED),
                Arguments.of("95 s", left("CLIENT_INITIATED", "hangup", 95, Map.of()), Outcome.COMPLETED, "duration_completed", Disposition.ANSWERED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classifiesByTheFirstRuleThatDecides(String name, CallEvidence evidence, Outcome outcome, String reason, Disposition disposition) {
        assertThat(classifier.classify(evidence)).contains(new Classification(outcome, reason, disposition));
    }

    @Test
    void everyDispositionBelongsToExactlyOneOutcomeAndADecisionCannotMixThem() {
        for (Disposition d : Disposition.values()) {
            assertThat(Classification.of(d, "r").outcome()).isEqualTo(d.outcome());
            assertThat(Disposition.fromWireName(d.wireName())).isEqualTo(d);
        }
        for (Outcome o : Outcome.values()) {
            assertThat(Disposition.of(o).outcome()).as("an outcome's own disposition is one of it").isEqualTo(o);
        }
        assertThatThrownBy(() -> new Classification(Outcome.COMPLETED, "r", Disposition.BUSY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to outcome busy");
        assertThat(ClassificationRule.of("host", Outcome.FAILED, e -> true).classify(left("X", null, 1, Map.of())))
                .as("a host's rule that names an outcome gets its own disposition").contains(new Classification(Outcome.FAILED, "host", Disposition.UNKNOWN));
    }

    @Test
    void runningCallsHaveNoOutcome() {
        CallEvidence running = new CallEvidence(false, true, false, false, false, null, SipCallStatus.ACTIVE, null, Map.of());
        assertThat(classifier.classify(running)).isEmpty();
    }

    @Test
    void thresholdsAndVerdictKeyAreConfigurable() {
        OutcomeClassifier custom = OutcomeClassifier.custom().rules(DefaultRules.builder().failedBelow(Duration.ofSeconds(1))
                .noAnswerBelow(Duration.ofSeconds(20)).verdictKey("amd").build()).build();
        assertThat(custom.classify(left("CLIENT_INITIATED", "hangup", 15, Map.of())).map(Classification::outcome)).contains(Outcome.NO_ANSWER);
        assertThat(custom.classify(left("CLIENT_INITIATED", "hangup", 15, Map.of("amd", "voicemail"))).map(Classification::outcome))
                .contains(Outcome.VOICEMAIL);
        assertThat(custom.classify(left("CLIENT_INITIATED", "hangup", 30, Map.of("outcome", "voicemail"))).map(Classification::outcome))
                .contains(Outcome.COMPLETED);
    }

    @Test
    void hostsCanPrependAndReplaceRules() {
        OutcomeClassifier vip = OutcomeClassifier.custom()
                .addFirst(ClassificationRule.of("vip", Outcome.COMPLETED, e -> "yes".equals(e.signals().get("vip")))).build();
        assertThat(vip.classify(left("USER_REJECTED", "ringing", 5, Map.of("vip", "yes")))).contains(new Classification(Outcome.COMPLETED, "vip"));
        OutcomeClassifier none = OutcomeClassifier.custom().rules(java.util.List.of(e -> Optional.empty())).build();
        assertThat(none.classify(left("USER_REJECTED", "ringing", 5, Map.of()))).contains(new Classification(Outcome.FAILED, "no_rule_matched"));
    }

    @Test
    void rejectsThresholdsOutOfOrder() {
        assertThatThrownBy(() -> DefaultRules.builder().failedBelow(Duration.ofSeconds(20)).build())
                .hasMessageContaining("noAnswerBelow");
    }
}
