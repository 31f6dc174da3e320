package dev.calloutcomes.fact;

import dev.calloutcomes.InvalidInputException;
import java.time.Instant;
import java.util.Locale;

/**
 * A fact the host knows about a call and LiveKit's webhooks do not carry. Immutable values; each type has a
 * {@link #type()} name used in JSON.
 */
public sealed interface CallFact permits CallFact.DialResult, CallFact.MachineDetection, CallFact.Answered, CallFact.Transfer,
        CallFact.HangUp, CallFact.Transcript, CallFact.Analysis {

    /**
     * The JSON name of this fact's type: {@code dial_result}, {@code machine_detection}, {@code answered}, {@code transfer},
     * {@code hang_up}, {@code transcript}, {@code analysis}.
     */
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
                throw new InvalidInputException("sipStatus must be a SIP status code from 100 to 699, was: " + sipStatus);
            }
            if (phrase != null && (phrase.length() > 255 || phrase.indexOf('\u0000') >= 0)) {
                throw new InvalidInputException("phrase must be at most 255 characters without NUL");
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
    record Answered(Instant at) implements CallFact {
        public Answered {
            if (at == null || at.getEpochSecond() < 0 || at.getEpochSecond() > 253402300799L) {
                throw new InvalidInputException("at must be an ISO-8601 instant such as 2026-11-24T10:00:05Z");
            }
        }

        @Override
        public String type() {
            return "answered";
        }
    }

    /**
     * A transfer of the call ({@code TransferSIPParticipant}): whether it went through, to whom, and the SIP status of
     * the REFER's result. A completed transfer makes the call {@code transferred}.
     *
     * @param completed whether the transfer went through
     * @param target where to (a SIP URI or number), or null; at most 255 characters
     * @param sipStatus the SIP status the transfer ended with, or null
     */
    record Transfer(boolean completed, String target, Integer sipStatus) implements CallFact {
        public Transfer {
            requireText("target", target, 255);
            if (sipStatus != null && (sipStatus < 100 || sipStatus > 699)) {
                throw new InvalidInputException("sipStatus must be a SIP status code from 100 to 699, was: " + sipStatus);
            }
        }

        @Override
        public String type() {
            return "transfer";
        }
    }

    /**
     * Who ended the call: {@code agent}, {@code callee}, or {@code system} (neither: a media timeout, a network loss).
     * A call the system ended after the answer is {@code dropped}.
     *
     * @param side {@code agent}, {@code callee} or {@code system}
     */
    record HangUp(String side) implements CallFact {
        public HangUp {
            if (!"agent".equals(side) && !"callee".equals(side) && !"system".equals(side)) {
                throw new InvalidInputException("side must be agent, callee or system");
            }
        }

        @Override
        public String type() {
            return "hang_up";
        }
    }

    /**
     * The call's transcript (the seed's planned transcript storage): its text, or where it is, and its language.
     *
     * @param text the transcript, at most 1 MiB of characters, or null
     * @param url where it is kept, at most 2,048 characters, or null (one of text and url is required)
     * @param language its BCP 47 language tag ({@code en-US}), or null
     */
    record Transcript(String text, String url, String language) implements CallFact {
        public Transcript {
            if (text == null && url == null) {
                throw new InvalidInputException("text or url is required");
            }
            requireText("text", text, 1 << 20);
            requireText("url", url, 2048);
            if (url != null && !url.regionMatches(true, 0, "https://", 0, 8) && !url.regionMatches(true, 0, "http://", 0, 7)) {
                // A dashboard renders it as a link: javascript:, data: and the like are never a transcript's address.
                throw new InvalidInputException("url must be an http or https URL");
            }
            requireText("language", language, 35);
        }

        @Override
        public String type() {
            return "transcript";
        }
    }

    /**
     * What an analysis of the call found (the seed's planned LLM classification): a JSON object, kept as it is.
     *
     * @param json a JSON object, at most 64 KiB
     */
    record Analysis(String json) implements CallFact {
        public Analysis {
            if (json == null || !json.strip().startsWith("{")) {
                throw new InvalidInputException("analysis must be a JSON object");
            }
            requireText("analysis", json, 64 * 1024);
        }

        @Override
        public String type() {
            return "analysis";
        }
    }

    private static void requireText(String field, String value, int max) {
        if (value != null && (value.length() > max || value.indexOf('\u0000') >= 0)) {
            throw new InvalidInputException(field + " must be at most " + max + " characters without NUL");
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
                throw new InvalidInputException("verdict must be one of human, machine_ivr, machine_vm, machine_unavailable, uncertain");
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
                throw new InvalidInputException("verdict must be one of human, machine_ivr, machine_vm, machine_unavailable, uncertain, was: "
                        + (name == null ? null : name.length() > 40 ? name.substring(0, 40) + "..." : name));
            }
        }
    }
}
