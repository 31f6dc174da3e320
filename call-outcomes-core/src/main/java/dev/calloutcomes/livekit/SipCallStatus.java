package dev.calloutcomes.livekit;

import java.util.Locale;

/**
 * The {@code sip.callStatus} attribute LiveKit's SIP service sets on a SIP participant (livekit/sip,
 * {@code CallStatus.Attribute()}): {@code dialing}, {@code ringing}, {@code automation},
 * {@code active}, {@code hangup}. It is not updated when a call fails, and changing it sends no webhook.
 */
public enum SipCallStatus {
    DIALING, RINGING,
    /** Answered by an automated system (DTMF or IVR handling) before the call became active. */
    AUTOMATION, ACTIVE, HANGUP,
    /** A value newer than this library. */
    UNKNOWN;

    /** Whether the call had not been answered yet. */
    public boolean beforeAnswer() {
        return this == DIALING || this == RINGING;
    }

    /** The status an attribute value names; null for null. */
    static SipCallStatus ofAttribute(String value) {
        if (value == null) {
            return null;
        }
        for (SipCallStatus status : values()) {
            if (status != UNKNOWN && status.name().toLowerCase(Locale.ROOT).equals(value)) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
