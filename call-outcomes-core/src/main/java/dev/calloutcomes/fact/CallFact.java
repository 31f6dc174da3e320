package dev.calloutcomes.fact;

import java.util.Locale;

/**
 * A fact the host knows about a call and LiveKit's webhooks do not carry. Immutable values; each type has a
 * {@link #type()} name used in JSON.
 */
public sealed interface CallFact permits CallFact.DialResult, CallFact.MachineDetection, CallFact.Answered {

    /** The JSON name of this fact's type: {@code dial_result}, {@code machine_detection}, {@code answered}. */
    String type();

    /**
     * How dialing ended, as the SIP trunk answered it: {@code CreateSIPParticipant}'s error carries
     * {@code sip_status_code} and {@code sip_status} in its metadata; {@code SIPCallInfo} has {@code call_status_code}.
     *
     * @param sipStatus the final SIP status code, 100 to 699
     * @param phrase its reason phrase ({@code Busy Here}, {@code Decline}, ...), or null; at most 255 characters
     */
    record DialResult(int sipStatus, String phrase) implements CallFact {
        public DialResult {
            if (sipStatus < 100 || sipStatus > 699) {
                throw new InvalidFactException("sipStatus must be a SIP status code from 100 to 699, was: " + sipStatus);
            }
            if (phrase != null && (phrase.length() > 255 || phrase.indexOf('\u0000') >= 0)) {
                throw new InvalidFactException("phrase must be at most 255 characters without NUL");
            }
        }

        @Override
        public String type() {
            return "dial_result";
        }
    }

    /**
     * When the callee answered (the SIP 200 OK; LiveKit's outbound participant joins, and its webhook fires, when
     * dialing starts, and {@code sip.callStatus} changes send no webhook). With it a call has ring time and talk
     * time, and the duration rules measure talk time.
     *
     * @param at when the callee answered
     */
    record Answered(java.time.Instant at) implements CallFact {
        public Answered {
            if (at == null || at.getEpochSecond() < 0 || at.getEpochSecond() > 253402300799L) {
                throw new InvalidFactException("at must be an ISO-8601 instant such as 2026-11-24T10:00:05Z");
            }
        }

        @Override
        public String type() {
            return "answered";
        }
    }

    /**
     * What answering-machine detection decided (LiveKit Agents' AMD results).
     *
     * @param verdict the verdict
     */
    record MachineDetection(Verdict verdict) implements CallFact {
        public MachineDetection {
            if (verdict == null) {
                throw new InvalidFactException("verdict must be one of human, machine_ivr, machine_vm, machine_unavailable, uncertain");
            }
        }

        @Override
        public String type() {
            return "machine_detection";
        }

        /** LiveKit Agents' answering-machine detection results. */
        public enum Verdict {
            HUMAN, MACHINE_IVR, MACHINE_VM, MACHINE_UNAVAILABLE, UNCERTAIN;

            public String wireName() {
                return name().toLowerCase(Locale.ROOT);
            }

            /** The verdict of a wire name, case-insensitive. */
            public static Verdict fromWireName(String name) {
                for (Verdict v : values()) {
                    if (v.name().equalsIgnoreCase(name)) {
                        return v;
                    }
                }
                throw new InvalidFactException("verdict must be one of human, machine_ivr, machine_vm, machine_unavailable, uncertain, was: "
                        + (name == null ? null : name.length() > 40 ? name.substring(0, 40) + "..." : name));
            }
        }
    }
}
