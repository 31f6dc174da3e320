package dev.calloutcomes.outcome;

import static dev.calloutcomes.internal.Checks.require;
import static dev.calloutcomes.internal.Checks.requireNonNull;

import dev.calloutcomes.fact.CallFact.MachineDetection.Verdict;
import dev.calloutcomes.livekit.DisconnectReason;
import dev.calloutcomes.livekit.LiveKitEvent.SipCallStatus;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The default classification rules, explicit signals first (outcome, then {@link Disposition} in parentheses):
 * <ol>
 *   <li>a duration over {@link CallEvidence#MAX_PLAUSIBLE_DURATION} (times that disagree) → failed (unknown);</li>
 *   <li>facts the host reported ({@link dev.calloutcomes.fact.CallFact}): an answering-machine verdict of voicemail,
 *       IVR or an unavailable mailbox → voicemail (voicemail, ivr); a dial the trunk refused, by SIP status:
 *       608 or a 6xx naming spam → failed (spam_blocked); 429 or a 5xx naming a limit → failed (rate_limited);
 *       486, 600 → busy (busy); 603, 607, other 6xx → no_answer (declined); 404, 484, 604 → failed (invalid_number);
 *       408, 480 → no_answer (no_answer); 487 → no_answer (canceled); 401, 403, 407 → failed (trunk_auth_failure);
 *       any other status of 300 or more → failed (carrier_failure); a completed transfer → completed (transferred);
 *       a call that neither side hung up after the answer → failed (dropped);</li>
 *   <li>an answered outbound leg that left {@code CLIENT_INITIATED} with {@code sip.callStatus} still
 *       {@code active} or {@code automation} → failed (dropped): every outbound hang-up path of livekit/sip (a BYE
 *       from either side, {@code EndCall}, {@code max_call_duration}, a completed REFER) writes {@code hangup} just
 *       before leaving, an RTP timeout or a SIP node's shutdown writes nothing (livekit/sip v1.11 {@code outbound.go});</li>
 *   <li>{@code USER_REJECTED} → busy (rejected: since livekit/sip v1.4.0 it covers 486, 488 and SDP failures, every
 *       6xx, trunk authentication 401/403/407 and exhausted digest retries, carrier fraud blocks, and before
 *       livekit/sip#861 rate-limit 5xx and every other 4xx; only the host's {@code dial_result} tells them apart);</li>
 *   <li>{@code USER_UNAVAILABLE} (a ring timeout, 408 or 480, LiveKit's {@code ringing_timeout}; a 404): after
 *       {@code ringing} → no_answer (no_answer: it rang); else → no_answer (unavailable);</li>
 *   <li>{@code SIP_TRUNK_FAILURE} (since livekit/sip#861 and livekit/livekit#4890: 5xx, rate limits, DNS, network, no
 *       response), {@code MEDIA_FAILURE}, {@code JOIN_FAILURE} → failed (carrier_failure);</li>
 *   <li>the callee's session ended by LiveKit's server ({@link DisconnectReason#serverSide()}: the SFU lost the SIP
 *       node, a shutdown, a state mismatch, a signal close) → failed (dropped) after the answer, failed (unknown)
 *       before it: never the duration rules;</li>
 *   <li>the agent failed ({@link CallEvidence.Leg#agentFailed()}; a job that ended {@code JS_FAILED} because its agent
 *       left the room, the ordinary end of a completed call with the Python SDK, is not a failure) → failed
 *       (agent_error);</li>
 *   <li>a voicemail verdict (key {@code outcome} = {@code voicemail} or {@code answering_machine} in
 *       room metadata or participant attributes) → voicemail (voicemail);</li>
 *   <li>an unanswered leg the host removed ({@code ROOM_DELETED}, {@code PARTICIPANT_REMOVED}, {@code ROOM_CLOSED}
 *       while {@code dialing} or {@code ringing}: a dialer capping ring time) → no_answer (canceled);</li>
 *   <li>an inbound leg that left before any other participant joined (the caller hung up while waiting: a CANCEL
 *       leaves {@code CLIENT_INITIATED} and {@code hangup} as a BYE does) → no_answer (canceled), whatever its
 *       duration;</li>
 *   <li>an unanswered outbound leg that left {@code CLIENT_INITIATED} after {@code ringing} → failed (carrier_failure):
 *       since livekit/sip v1.4.0 a ring timeout leaves {@code USER_UNAVAILABLE}, so this is a 5xx, DNS or network
 *       failure after an 18x (183 Session Progress and early media set {@code ringing} too; before v1.4.0 a ring
 *       timeout left {@code CLIENT_INITIATED}: such servers' unanswered calls read as failed here);</li>
 *   <li>callee left while its last {@code sip.callStatus} was {@code dialing} (it never rang: a trunk, DNS or
 *       network failure) → failed (carrier_failure); while {@code ringing} → no_answer (no_answer);</li>
 *   <li>callee's connection aborted (it never became active; nothing was dialed) → failed (unknown);</li>
 *   <li>a disconnect reason naming busy (the seed format) → busy (busy); a callee never seen → failed (unknown); then
 *       by duration: under 3 s failed (dropped), under 10 s no_answer (no_answer), else completed (answered).</li>
 * </ol>
 * Immutable; build with {@link #builder()} to change the thresholds or the verdict key.
 */
public final class DefaultRules {
    /** SIP reason phrases (lower case) of a refusal as spam, and of a rate limit: compiled once, not per decision. */
    private static final Pattern SPAM_PHRASE = Pattern.compile(".*(spam|fraud|robocall|blocked).*");
    private static final Pattern RATE_PHRASE = Pattern.compile(".*(limit|cps|concurren|too many).*");
    private static final Set<DisconnectReason> FAILURE_REASONS =
            Set.of(DisconnectReason.SIP_TRUNK_FAILURE, DisconnectReason.MEDIA_FAILURE, DisconnectReason.JOIN_FAILURE);

    private DefaultRules() {
    }

    /** A rule on the SIP result of dialing the host reported, when the trunk refused the call (300 or more). */
    private static ClassificationRule sip(String name, Disposition disposition, BiPredicate<Integer, String> when) {
        return ClassificationRule.of(name, disposition, e -> e.dialResult() != null && e.dialResult().sipStatus() >= 300
                && when.test(e.dialResult().sipStatus(), e.dialResult().phrase() == null ? "" : e.dialResult().phrase().toLowerCase(Locale.ROOT)));
    }

    /** The default rules with default settings. */
    public static List<ClassificationRule> standard() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of the default rules. Not thread-safe; the rules it builds are. */
    public static final class Builder {
        private Duration failedBelow = Duration.ofSeconds(3);
        private Duration noAnswerBelow = Duration.ofSeconds(10);
        private String verdictKey = "outcome";
        private Set<String> voicemailValues = Set.of("voicemail", "answering_machine");

        private Builder() {
        }

        /** Calls shorter than this are failed; default 3 s. */
        public Builder failedBelow(Duration threshold) {
            requireNonNull(threshold, "failedBelow");
            require(!threshold.isNegative(), "failedBelow", threshold, "must not be negative");
            this.failedBelow = threshold;
            return this;
        }

        /** Calls shorter than this (and not failed) are no_answer; default 10 s. */
        public Builder noAnswerBelow(Duration threshold) {
            requireNonNull(threshold, "noAnswerBelow");
            require(!threshold.isNegative(), "noAnswerBelow", threshold, "must not be negative");
            this.noAnswerBelow = threshold;
            return this;
        }

        /** The metadata / attribute key holding an agent's verdict; default {@code outcome}. */
        public Builder verdictKey(String key) {
            require(key != null && !key.isBlank(), "verdictKey", key, "must not be blank");
            this.verdictKey = key;
            return this;
        }

        /** Verdict values meaning voicemail, case-insensitive; default voicemail, answering_machine. */
        public Builder voicemailValues(Set<String> values) {
            require(values != null && !values.isEmpty(), "voicemailValues", values, "must not be empty");
            this.voicemailValues = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
            return this;
        }

        public List<ClassificationRule> build() {
            require(noAnswerBelow.compareTo(failedBelow) >= 0, "noAnswerBelow", noAnswerBelow, "must not be below failedBelow (" + failedBelow + ")");
            Duration failed = failedBelow;
            Duration noAnswer = noAnswerBelow;
            String key = verdictKey;
            Set<String> voicemail = voicemailValues;
            return List.of(
                    ClassificationRule.of("implausible_duration", Disposition.UNKNOWN, CallEvidence::durationImplausible),
                    // Facts the host reported settle what webhooks cannot tell apart.
                    ClassificationRule.of("amd_voicemail", Disposition.VOICEMAIL, e -> e.machineVerdict() == Verdict.MACHINE_VM),
                    ClassificationRule.of("amd_ivr", Disposition.IVR, e -> e.machineVerdict() == Verdict.MACHINE_IVR),
                    ClassificationRule.of("amd_machine_unavailable", Disposition.VOICEMAIL, e -> e.machineVerdict() == Verdict.MACHINE_UNAVAILABLE),
                    sip("sip_spam_blocked", Disposition.SPAM_BLOCKED, (code, phrase) -> code == 608
                            || code >= 600 && SPAM_PHRASE.matcher(phrase).matches()),
                    sip("sip_rate_limited", Disposition.RATE_LIMITED, (code, phrase) -> code == 429
                            || code >= 500 && RATE_PHRASE.matcher(phrase).matches()),
                    sip("sip_busy", Disposition.BUSY, (code, phrase) -> code == 486 || code == 600),
                    sip("sip_declined", Disposition.DECLINED, (code, phrase) -> code == 603 || code == 607 || code >= 600 && code != 604),
                    sip("sip_invalid_number", Disposition.INVALID_NUMBER, (code, phrase) -> code == 404 || code == 484 || code == 604),
                    sip("sip_no_answer", Disposition.NO_ANSWER, (code, phrase) -> code == 408 || code == 480),
                    sip("sip_canceled", Disposition.CANCELED, (code, phrase) -> code == 487),
                    sip("sip_trunk_auth_failure", Disposition.TRUNK_AUTH_FAILURE, (code, phrase) -> code == 401 || code == 403 || code == 407),
                    sip("sip_carrier_failure", Disposition.CARRIER_FAILURE, (code, phrase) -> true),
                    ClassificationRule.of("transferred", Disposition.TRANSFERRED, e -> e.transfer() != null && e.transfer().completed()),
                    // Neither side hung up after the answer (a media timeout, a network loss): LiveKit's leave says
                    // CLIENT_INITIATED as for any hang-up; the host's report tells them apart.
                    ClassificationRule.of("dropped_by_system", Disposition.DROPPED, e -> e.hangUp() != null
                            && "system".equals(e.hangUp().side()) && (e.lastCallStatus() == null || !e.lastCallStatus().beforeAnswer())),
                    ClassificationRule.of("line_dropped", Disposition.DROPPED, e -> !e.leg().inbound() && e.leg().answered()
                            && e.calleeLeft() && e.disconnect() == DisconnectReason.CLIENT_INITIATED
                            && (e.lastCallStatus() == SipCallStatus.ACTIVE || e.lastCallStatus() == SipCallStatus.AUTOMATION)),
                    // LiveKit ends busy, declined, blocked, trunk refusals and (before livekit/sip#861) "too many calls"
                    // alike with USER_REJECTED: the disposition says no more than that.
                    ClassificationRule.of("disconnect_user_rejected", Disposition.REJECTED, e -> e.disconnect() == DisconnectReason.USER_REJECTED),
                    ClassificationRule.of("no_answer_after_ringing", Disposition.NO_ANSWER, e -> e.disconnect() == DisconnectReason.USER_UNAVAILABLE
                            && e.lastCallStatus() == SipCallStatus.RINGING),
                    ClassificationRule.of("disconnect_user_unavailable", Disposition.UNAVAILABLE, e -> e.disconnect() == DisconnectReason.USER_UNAVAILABLE),
                    ClassificationRule.of("disconnect_failure", Disposition.CARRIER_FAILURE, e -> e.disconnect() != null
                            && FAILURE_REASONS.contains(e.disconnect())),
                    ClassificationRule.of("lost_by_livekit_after_answer", Disposition.DROPPED, e -> e.disconnect() != null
                            && e.disconnect().serverSide() && e.leg().answered()),
                    ClassificationRule.of("lost_by_livekit", Disposition.UNKNOWN, e -> e.disconnect() != null && e.disconnect().serverSide()),
                    ClassificationRule.of("agent_error", Disposition.AGENT_ERROR, e -> e.disconnect() == DisconnectReason.AGENT_ERROR
                            || e.leg().agentFailed()),
                    ClassificationRule.of("voicemail_verdict", Disposition.VOICEMAIL, e -> {
                        String verdict = e.signals().get(key);
                        return verdict != null && voicemail.contains(verdict.toLowerCase(Locale.ROOT));
                    }),
                    ClassificationRule.of("canceled_by_host", Disposition.CANCELED, e -> e.calleeLeft() && !e.leg().answered()
                            && e.disconnect() != null && e.disconnect().byHost() && e.lastCallStatus() != null && e.lastCallStatus().beforeAnswer()),
                    ClassificationRule.of("inbound_abandoned", Disposition.CANCELED, e -> e.leg().inbound() && !e.leg().answered()
                            && e.calleeLeft()),
                    ClassificationRule.of("failed_after_ringing", Disposition.CARRIER_FAILURE, e -> e.leg().outbound() && !e.leg().answered()
                            && e.calleeLeft() && e.disconnect() == DisconnectReason.CLIENT_INITIATED
                            && e.lastCallStatus() == SipCallStatus.RINGING),
                    // LiveKit's SIP service leaves sip.callStatus as it was when a call fails: a leg that never rang and
                    // left without a reason above failed (trunk, DNS, network).
                    ClassificationRule.of("left_while_dialing", Disposition.CARRIER_FAILURE, e -> e.calleeLeft()
                            && e.lastCallStatus() == SipCallStatus.DIALING),
                    ClassificationRule.of("left_while_ringing", Disposition.NO_ANSWER, e -> e.calleeLeft()
                            && e.lastCallStatus() != null && e.lastCallStatus().beforeAnswer()),
                    ClassificationRule.of("connection_aborted", Disposition.UNKNOWN, CallEvidence::calleeAborted),
                    ClassificationRule.of("disconnect_busy", Disposition.BUSY, e -> e.disconnectReason() != null
                            && e.disconnectReason().toLowerCase(Locale.ROOT).contains("busy")),
                    ClassificationRule.of("callee_never_joined", Disposition.UNKNOWN, e -> !e.calleeSeen() || e.duration() == null),
                    ClassificationRule.of("duration_under_" + failed.toSeconds() + "s", Disposition.DROPPED,
                            e -> e.duration().compareTo(failed) < 0),
                    ClassificationRule.of("duration_under_" + noAnswer.toSeconds() + "s", Disposition.NO_ANSWER,
                            e -> e.duration().compareTo(noAnswer) < 0),
                    ClassificationRule.of("duration_completed", Disposition.ANSWERED, e -> true));
        }
    }
}
