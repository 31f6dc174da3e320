package dev.calloutcomes.call;

import dev.calloutcomes.InvalidInputException;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.calloutcomes.internal.WireNames;

/**
 * What gave a call its owner, strongest first. The first three are <em>signed evidence</em>: LiveKit signs
 * them, and no tenant can set them for another. The owner of a call is the tenant that the strongest evidence
 * among all of its events names; see the README's "Tenants" section for the whole rule.
 */
public enum OwnerEvidence {
    /** The LiveKit API key that signed a webhook is mapped to the tenant ({@code LiveKitTokenVerifier.Builder#key(String, String, String)}). */
    API_KEY,
    /** A field of the room's metadata. */
    ROOM_METADATA,
    /** An attribute of a SIP or agent participant. */
    PARTICIPANT_ATTRIBUTE,
    /**
     * No event carries signed evidence: a weaker link attributed the events (the room-name pattern, the owner of
     * what is recorded for the room, a registration, the default tenant, or a host's own resolver).
     */
    LINK,
    /** The call holds a registration and no event yet. */
    REGISTRATION;

    /** Whether LiveKit signs this evidence (the first three). */
    public boolean isSigned() {
        return compareTo(LINK) < 0;
    }

    /** Lower-case name used in JSON and SQL. */
    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    /**
     * The evidence of a wire name, in any case.
     *
     * @throws InvalidInputException for anything else
     */
    @JsonCreator
    public static OwnerEvidence fromWireName(String name) {
        return WireNames.parse(OwnerEvidence.class, name, "owner evidence must be one of api_key, room_metadata, "
                + "participant_attribute, link, registration, was: " + name);
    }
}
