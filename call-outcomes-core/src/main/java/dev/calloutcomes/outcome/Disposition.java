package dev.calloutcomes.outcome;

import dev.calloutcomes.internal.WireNames;
import java.util.Locale;

/**
 * A finer account of how a call ended, beside its {@link Outcome}; the vocabulary follows what telephony platforms
 * report (Twilio's CallStatus and AnsweredBy, Retell's and Vapi's end reasons). Each disposition belongs to exactly
 * one outcome ({@link #outcome()}). Where LiveKit's webhooks cannot tell causes apart, the disposition says so
 * ({@link #REJECTED}, {@link #UNAVAILABLE}) rather than guessing. {@link #wireName()} is the lower-case form used in
 * JSON and SQL.
 */
public enum Disposition {
    /** A person answered and the call ran its course. */
    ANSWERED(Outcome.COMPLETED),
    /** Handed on to another party (a SIP REFER that succeeded). */
    TRANSFERRED(Outcome.COMPLETED),
    /** A voicemail system answered. */
    VOICEMAIL(Outcome.VOICEMAIL),
    /** An IVR or another machine answered: nobody to talk to. */
    IVR(Outcome.VOICEMAIL),
    /** The line was busy (SIP 486, 600). */
    BUSY(Outcome.BUSY),
    /**
     * The callee's side refused the call, and webhooks do not say how: LiveKit ends busy (486), declined (603),
     * blocked, cancelled (487), codec (488) and "too many calls" failures alike with {@code USER_REJECTED}.
     */
    REJECTED(Outcome.BUSY),
    /** The callee declined (SIP 603, 607). */
    DECLINED(Outcome.NO_ANSWER),
    /** It rang and nobody answered. */
    NO_ANSWER(Outcome.NO_ANSWER),
    /**
     * The callee could not be reached, and webhooks do not say why: LiveKit ends a ring timeout (408, 480) and an
     * invalid number (404, 604) alike with {@code USER_UNAVAILABLE}.
     */
    UNAVAILABLE(Outcome.NO_ANSWER),
    /** Our side hung up before an answer (SIP 487). */
    CANCELED(Outcome.NO_ANSWER),
    /** The number does not exist (SIP 404, 484, 604). */
    INVALID_NUMBER(Outcome.FAILED),
    /** The trunk, carrier or network failed the call (SIP 5xx, DNS, no route). */
    CARRIER_FAILURE(Outcome.FAILED),
    /** The trunk refused our credentials (SIP 401, 403, 407). */
    TRUNK_AUTH_FAILURE(Outcome.FAILED),
    /** The carrier blocked the call as spam (SIP 603 with a spam reason, 608). */
    SPAM_BLOCKED(Outcome.FAILED),
    /** A concurrency or calls-per-second limit refused the call (SIP 503 "limit exceeded", 429). */
    RATE_LIMITED(Outcome.FAILED),
    /** Connected, then lost (media timeout, a connection that aborted, a call too short to be a conversation). */
    DROPPED(Outcome.FAILED),
    /** The agent failed. */
    AGENT_ERROR(Outcome.FAILED),
    /** Failed, and nothing says how. */
    UNKNOWN(Outcome.FAILED);

    private final Outcome outcome;

    Disposition(Outcome outcome) {
        this.outcome = outcome;
    }

    /** The outcome this disposition belongs to. */
    public Outcome outcome() {
        return outcome;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The disposition of a wire name, case-insensitive. */
    public static Disposition fromWireName(String name) {
        return WireNames.parse(Disposition.class, name, "unknown disposition: " + name);
    }

    /**
     * The disposition an outcome has when nothing finer is known (a rule that names none, a row stored before
     * dispositions): completed is answered, no_answer no_answer, busy busy, voicemail voicemail, failed unknown.
     */
    public static Disposition of(Outcome outcome) {
        return switch (outcome) {
            case COMPLETED -> ANSWERED;
            case NO_ANSWER -> NO_ANSWER;
            case BUSY -> BUSY;
            case VOICEMAIL -> VOICEMAIL;
            case FAILED -> UNKNOWN;
        };
    }
}
