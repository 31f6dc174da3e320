package dev.calloutcomes.livekit;

import dev.calloutcomes.internal.WireNames;
import java.util.Map;

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

    private static final Map<String, SipCallStatus> BY_ATTRIBUTE = WireNames.byWireName(SipCallStatus.class, UNKNOWN);

    /** Whether the call had not been answered yet. */
    public boolean beforeAnswer() {
        return this == DIALING || this == RINGING;
    }

    /** The status an attribute value names; null for null. */
    static SipCallStatus ofAttribute(String value) {
        return value == null ? null : BY_ATTRIBUTE.getOrDefault(value, UNKNOWN);
    }
}
