package dev.calloutcomes.outcome;

import dev.calloutcomes.fact.CallFact;
import dev.calloutcomes.livekit.SipCallStatus;
import java.time.Duration;
import java.util.Map;

/**
 * What the set of a call's events says, in the terms classification rules need. The callee is the
 * call's SIP participant, else its connector or bridge participant (WhatsApp, Twilio, ...); agents and
 * other participants do not count, except that an agent's failure is reported.
 *
 * @param ended whether the call is over: the callee left or aborted, or the room finished
 * @param calleeSeen whether any event named the callee
 * @param calleeLeft whether the callee left
 * @param calleeAborted whether the callee's connection was aborted before it became active
 * @param roomFinished whether the room finished
 * @param disconnectReason the callee's LiveKit {@code DisconnectReason}, or null
 * @param lastCallStatus the callee's last {@code sip.callStatus}, or null
 * @param duration how long the callee was in the call, or null when unknown
 * @param signals room metadata fields overlaid with participant attributes, for verdicts such as voicemail
 * @param agentDisconnectReason the {@code DisconnectReason} an agent left with ({@code AGENT_ERROR} when it failed;
 *        LiveKit sends that on the agent's own leave, not the callee's), or null
 * @param dialResult the SIP result of dialing the host reported ({@link CallFact.DialResult}), or null
 * @param machineVerdict the answering-machine verdict the host reported, or null
 * @param transfer the transfer the host reported, or null
 * @param hangUp who ended the call, as the host reported it, or null
 */
public record CallEvidence(boolean ended, boolean calleeSeen, boolean calleeLeft, boolean calleeAborted,
                           boolean roomFinished, String disconnectReason, SipCallStatus lastCallStatus, Duration duration,
                           Map<String, String> signals, String agentDisconnectReason, CallFact.DialResult dialResult,
                           CallFact.MachineDetection.Verdict machineVerdict, CallFact.Transfer transfer, CallFact.HangUp hangUp) {

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

    /** Whether the duration is known and longer than {@link #MAX_PLAUSIBLE_DURATION}. */
    public boolean durationImplausible() {
        return duration != null && duration.compareTo(MAX_PLAUSIBLE_DURATION) > 0;
    }

    public CallEvidence {
        signals = Map.copyOf(signals);
    }
}
