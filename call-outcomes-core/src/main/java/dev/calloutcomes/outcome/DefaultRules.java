package dev.calloutcomes.outcome;

import static dev.calloutcomes.internal.Checks.require;
import static dev.calloutcomes.internal.Checks.requireNonNull;

import dev.calloutcomes.fact.CallFact.MachineDetection.Verdict;
import dev.calloutcomes.livekit.SipCallStatus;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

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
 *   <li>{@code USER_REJECTED} → busy (rejected: webhooks cannot tell busy from declined, blocked or cancelled);
 *       {@code USER_UNAVAILABLE} → no_answer (unavailable: a ring timeout or an invalid number);</li>
 *   <li>{@code SIP_TRUNK_FAILURE}, {@code MEDIA_FAILURE}, {@code JOIN_FAILURE}, {@code CONNECTION_TIMEOUT} → failed
 *       (carrier_failure; LiveKit's SIP service never sends these for a callee, so this is a protocol-shaped edge case);</li>
 *   <li>{@code AGENT_ERROR}, on the callee or on the agent's own leave (where LiveKit sends it) → failed (agent_error);</li>
 *   <li>a voicemail verdict (key {@code outcome} = {@code voicemail} or {@code answering_machine} in
 *       room metadata or participant attributes) → voicemail (voicemail);</li>
 *   <li>callee left while its last {@code sip.callStatus} was {@code dialing} (it never rang: a trunk, DNS or
 *       network failure, or a cancel before ringing) → failed (carrier_failure); while {@code ringing} → no_answer
 *       (no_answer);</li>
 *   <li>callee's connection aborted → failed (dropped);</li>
 *   <li>a disconnect reason naming busy → busy (busy); a callee never seen → failed (unknown); then by duration:
 *       under 3 s failed (dropped), under 10 s no_answer (no_answer), else completed (answered).</li>
 * </ol>
 * Immutable; build with {@link #builder()} to change the thresholds or the verdict key.
 */
public final class DefaultRules {
    /** SIP reason phrases (lower case) of a refusal as spam, and of a rate limit: compiled once, not per decision. */
    private static final Pattern SPAM_PHRASE = Pattern.compile(".*(spam|fraud|robocall|blocked).*");
    private static final Pattern RATE_PHRASE = Pattern.compile(".*(limit|cps|concurren|too many).*");
    private static final Set<String> FAILURE_REASONS =
            Set.of("SIP_TRUNK_FAILURE", "MEDIA_FAILURE", "JOIN_FAILURE", "CONNECTION_TIMEOUT");

    private DefaultRules() {
    }

    /** A rule on the SIP result of dialing the host reported, when the trunk refused the call (300 or more). */
    private static ClassificationRule sip(String name, Disposition disposition, java.util.function.BiPredicate<Integer, String> when) {
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
            this.voicemailValues = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
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
                    // LiveKit ends busy, declined, blocked, cancelled and "too many calls" alike with USER_REJECTED, and a
                    // ring timeout and an invalid number alike with USER_UNAVAILABLE: the dispositions say so.
                    ClassificationRule.of("disconnect_user_rejected", Disposition.REJECTED, e -> "USER_REJECTED".equals(e.disconnectReason())),
                    ClassificationRule.of("disconnect_user_unavailable", Disposition.UNAVAILABLE, e -> "USER_UNAVAILABLE".equals(e.disconnectReason())),
                    ClassificationRule.of("disconnect_failure", Disposition.CARRIER_FAILURE, e -> e.disconnectReason() != null
                            && FAILURE_REASONS.contains(e.disconnectReason())),
                    ClassificationRule.of("agent_error", Disposition.AGENT_ERROR, e -> "AGENT_ERROR".equals(e.disconnectReason())
                            || "AGENT_ERROR".equals(e.agentDisconnectReason())),
                    ClassificationRule.of("voicemail_verdict", Disposition.VOICEMAIL, e -> {
                        String verdict = e.signals().get(key);
                        return verdict != null && voicemail.contains(verdict.toLowerCase(Locale.ROOT));
                    }),
                    // LiveKit's SIP service leaves sip.callStatus as it was when a call fails, and keeps only four
                    // disconnect reasons from a leave: a leg that never rang and left without USER_REJECTED or
                    // USER_UNAVAILABLE failed (trunk, DNS, network) or was cancelled before ringing.
                    ClassificationRule.of("left_while_dialing", Disposition.CARRIER_FAILURE, e -> e.calleeLeft()
                            && e.lastCallStatus() == SipCallStatus.DIALING),
                    ClassificationRule.of("left_while_ringing", Disposition.NO_ANSWER, e -> e.calleeLeft()
                            && e.lastCallStatus() != null && e.lastCallStatus().beforeAnswer()),
                    ClassificationRule.of("connection_aborted", Disposition.DROPPED, CallEvidence::calleeAborted),
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
