package dev.calloutcomes.testing;

import dev.calloutcomes.webhook.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** The LiveKit fixtures (minted with LiveKit's own server SDK), copied from shared/fixtures/livekit. */
public final class Fixtures {
    public static final String API_KEY = "APIfixtureKey";
    public static final String API_SECRET = "fixture-secret-0123456789abcdef0123456789";
    public static final String HMAC_SECRET = "seed-webhook-secret";
    /** Within every fixture token's nbf..exp window. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T20:00:00Z"), ZoneOffset.UTC);
    public static final String ROOM_NAME = "sip-7678189426__1730000000__abc";
    public static final String ROOM_SID = "RM_fxT5hQk2Lm9P";

    /** Fixtures signed with LiveKit's JWT scheme. */
    public static final List<String> JWT_SIGNED = List.of("room_started", "participant_joined_sip_dialing",
            "participant_left_answered_95s", "participant_left_busy", "participant_left_no_answer",
            "participant_left_trunk_failure", "participant_connection_aborted", "participant_left_agent",
            "room_finished_voicemail_metadata", "egress_ended_recording", "track_published_irrelevant",
            "participant_left_answered_media_timeout", "participant_left_inbound_caller_hung_up_waiting");

    private Fixtures() {
    }

    public static byte[] body(String name) {
        return bytes(name + ".json");
    }

    public static String authorization(String name) {
        return new String(bytes(name + ".authorization"), StandardCharsets.US_ASCII).strip();
    }

    public static String hmacSignature(String name) {
        return new String(bytes(name + ".x-livekit-signature"), StandardCharsets.US_ASCII).strip();
    }

    /** The request LiveKit would send: body and Authorization header. */
    public static WebhookRequest request(String name) {
        return WebhookRequest.ofSingle(Map.of("Authorization", authorization(name),
                "Content-Type", "application/webhook+json"), body(name));
    }

    private static byte[] bytes(String file) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/livekit/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
