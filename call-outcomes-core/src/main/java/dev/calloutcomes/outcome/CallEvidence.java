package dev.calloutcomes.outcome;

import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.fact.CallFact;
import dev.calloutcomes.livekit.DisconnectReason;
import dev.calloutcomes.livekit.LiveKitEvent.SipCallStatus;
import java.time.Duration;
import java.util.Map;

/**
 * What the set of a call's events says, in the terms classification rules need. The callee is the
 * call's SIP participant, else its connector or bridge participant (WhatsApp, Twilio, ...); agents and
 * other participants do not count, except that an agent's failure is reported.
 *
 * @param ended whether the call is over: the callee left or aborted, or the room finished
 * @param calleeSeen whether any event named the callee
 * @param calleeLeft whether the callee left (a leave that a reconnect replaced does not count)
 * @param calleeAborted whether the callee's connection was aborted before it became active
 * @param roomFinished whether the room finished
 * @param disconnectReason the callee's {@code disconnectReason} as LiveKit named it (the seed format may name its
 *        own), or null; {@link #disconnect()} reads it as {@link DisconnectReason}
 * @param lastCallStatus the callee's last {@code sip.callStatus}, or null
 * @param duration how long the callee was in the call, or null when unknown
 * @param signals room metadata fields overlaid with participant attributes, for verdicts such as voicemail
 * @param agentDisconnectReason the {@code DisconnectReason} an agent left with ({@code AGENT_ERROR} wins), or null
 * @param dialResult the SIP result of dialing the host reported ({@link CallFact.DialResult}), or null
 * @param machineVerdict the answering-machine verdict the host reported, or null
 * @param transfer the transfer the host reported, or null
 * @param hangUp who ended the call, as the host reported it, or null
 * @param leg what the callee's leg shows: its direction, whether it was answered, whether the agent failed
 */
public record CallEvidence(boolean ended, boolean calleeSeen, boolean calleeLeft, boolean calleeAborted,
                           boolean roomFinished, String disconnectReason, SipCallStatus lastCallStatus, Duration duration,
                           Map<String, String> signals, String agentDisconnectReason, CallFact.DialResult dialResult,
                           CallFact.MachineDetection.Verdict machineVerdict, CallFact.Transfer transfer, CallFact.HangUp hangUp,
                           Leg leg) {

    /**
     * What the callee's leg shows beyond its last snapshot.
     *
     * @param direction inbound when the SIP leg came through a dispatch rule ({@code sip.ruleID}), outbound for any
     *        other SIP leg; else what the registration or metadata says; null when unknown
     * @param answered whether it was answered: an outbound leg whose snapshot carries {@code sip.callIDFull} or
     *        {@code sip.callTag} (set after the 200 OK), or whose {@code sip.callStatus} was {@code active},
     *        {@code automation} or {@code hangup}; an inbound leg that another participant joined before it left (an
     *        inbound leg answers once it subscribes to someone's track); either, when the host reported the answer
     * @param agentFailed whether the call's agent failed: it left with {@code AGENT_ERROR}, or the server closed its
     *        session ({@link DisconnectReason#serverSide()}) while the callee was still there, or its job ended
     *        {@code JS_FAILED} for another reason than its participant leaving the room
     */
    public record Leg(CallDirection direction, boolean answered, boolean agentFailed) {
        /** Nothing known beyond the snapshot. */
        public static final Leg UNKNOWN = new Leg(null, false, false);

        public boolean outbound() {
            return direction == CallDirection.OUTBOUND;
        }

        public boolean inbound() {
            return direction == CallDirection.INBOUND;
        }
    }

    /** Evidence with the host's facts and no more than the snapshot shows of the leg. */
    public CallEvidence(boolean ended, boolean calleeSeen, boolean calleeLeft, boolean calleeAborted, boolean roomFinished,
                        String disconnectReason, SipCallStatus lastCallStatus, Duration duration, Map<String, String> signals,
                        String agentDisconnectReason, CallFact.DialResult dialResult, CallFact.MachineDetection.Verdict machineVerdict,
                        CallFact.Transfer transfer, CallFact.HangUp hangUp) {
        this(ended, calleeSeen, calleeLeft, calleeAborted, roomFinished, disconnectReason, lastCallStatus, duration, signals,
                agentDisconnectReason, dialResult, machineVerdict, transfer, hangUp,
                new Leg(null, false, "AGENT_ERROR".equals(agentDisconnectReason)));
    }

    /** Evidence with the dial result and machine verdict only. */
    public CallEvidence(boolean ended, boolean calleeSeen, boolean calleeLeft, boolean calleeAborted, boolean roomFinished,
                        String disconnectReason, SipCallStatus lastCallStatus, Duration duration, Map<String, String> signals,
                        String agentDisconnectReason, CallFact.DialResult dialResult, CallFact.MachineDetection.Verdict machineVerdict) {
        this(ended, calleeSeen, calleeLeft, calleeAborted, roomFinished, disconnectReason, lastCallStatus, duration, signals,
                agentDisconnectReason, dialResult, machineVerdict, null, null);
    }

    /** Evidence without host-reported facts. */
    public CallEvidence(boolean ended, boolean calleeSeen, boolean calleeLeft, boolean calleeAborted, boolean roomFinished,
                        String disconnectReason, SipCallStatus lastCallStatus, Duration duration, Map<String, String> signals,
                        String agentDisconnectReason) {
        this(ended, calleeSeen, calleeLeft, calleeAborted, roomFinished, disconnectReason, lastCallStatus, duration, signals,
                agentDisconnectReason, null, null);
    }

    /** Evidence with no agent's leave. */
    public CallEvidence(boolean ended, boolean calleeSeen, boolean calleeLeft, boolean calleeAborted, boolean roomFinished,
                        String disconnectReason, SipCallStatus lastCallStatus, Duration duration, Map<String, String> signals) {
        this(ended, calleeSeen, calleeLeft, calleeAborted, roomFinished, disconnectReason, lastCallStatus, duration, signals, null);
    }

    /**
     * The longest a call is believed to last: 7 days. A longer duration comes from times that events
     * of one call disagree on (each plausible alone); it is classified {@code implausible_duration}
     * and stored as unknown, never as a wrapped number.
     */
    public static final Duration MAX_PLAUSIBLE_DURATION = Duration.ofDays(7);

    public CallEvidence {
        signals = Map.copyOf(signals);
        leg = leg == null ? Leg.UNKNOWN : leg;
    }

    /** This evidence with {@code value} for its leg. */
    public CallEvidence withLeg(Leg value) {
        return new CallEvidence(ended, calleeSeen, calleeLeft, calleeAborted, roomFinished, disconnectReason, lastCallStatus, duration,
                signals, agentDisconnectReason, dialResult, machineVerdict, transfer, hangUp, value);
    }

    /** The callee's reason as {@link DisconnectReason}, read once from {@link #disconnectReason()}; null when none. */
    public DisconnectReason disconnect() {
        return DisconnectReason.of(disconnectReason);
    }

    /** Whether the duration is known and longer than {@link #MAX_PLAUSIBLE_DURATION}. */
    public boolean durationImplausible() {
        return duration != null && duration.compareTo(MAX_PLAUSIBLE_DURATION) > 0;
    }
}
