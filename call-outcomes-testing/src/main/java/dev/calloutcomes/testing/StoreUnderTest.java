package dev.calloutcomes.testing;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.webhook.WebhookVerifiers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The store a contract test runs against, its clock, and what the contract's tests share.
 * {@link OutcomeStoreContract} supplies them to its parts.
 */
public interface StoreUnderTest {
    /** The tests' first instant. */
    Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    /** The store under test: fresh and empty for each test. */
    OutcomeStore store();

    /** The store's clock: one second later at each reading. */
    Clock clock();

    /** Moves {@link #clock} {@code seconds} forward. */
    void advance(int seconds);

    /** Another fresh, empty store on {@link #clock}, beside {@link #store}. */
    OutcomeStore anotherStore();

    default CallOutcomes service(String defaultTenant) {
        CallOutcomes.Builder b = CallOutcomes.builder().store(store()).clock(clock())
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification());
        return defaultTenant == null ? b.build() : b.defaultTenant(defaultTenant).build();
    }

    default WebhookRequest unsigned(byte[] body) {
        return WebhookRequest.ofSingle(Map.of(), body);
    }

    default boolean inserted(StoredEvent e) {
        return store().inTransaction(tx -> tx.insertEventIfAbsent(e));
    }

    default Optional<String> inTxLookup(Function<StoreTransaction, Optional<String>> work) {
        return store().inTransaction(work);
    }

    default StoredEvent event(String id, String tenant, String roomSid, String roomName) {
        return new StoredEvent(id, tenant, null, "room_started", roomSid, roomName, EventStatus.PENDING, null,
                "{\"event\":\"room_started\",\"id\":\"" + id + "\"}", T0, T0, 0);
    }

    /** A participant_left of room {@code room} whose metadata names {@code metadataTenant} (none when null). */
    default byte[] leftEvent(String id, String room, String metadataTenant, String kind, String attributeTenant) {
        String metadata = metadataTenant == null ? "" : ",\"metadata\":\"{\\\"tenantId\\\":\\\"" + metadataTenant
                + "\\\",\\\"campaignId\\\":\\\"" + metadataTenant + "-campaign\\\"}\"";
        String attributes = attributeTenant == null ? "{}" : "{\"tenantId\":\"" + attributeTenant + "\"}";
        return ("{\"event\":\"participant_left\",\"id\":\"" + id + "\",\"createdAt\":\"1761741346\",\"room\":{\"sid\":\"RM_"
                + room + "\",\"name\":\"" + room + "\"" + metadata + "},\"participant\":{\"sid\":\"PA_" + id
                + "\",\"identity\":\"p_" + id + "\",\"kind\":\"" + kind + "\",\"joinedAt\":\"1761741251\","
                + "\"disconnectReason\":\"CLIENT_INITIATED\",\"attributes\":" + attributes + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@code events} of another instance of the same room: every id and the room sid get {@code suffix}. */
    default List<byte[]> anotherInstance(List<byte[]> events, String tenantAndN, String suffix) {
        return events.stream().map(b -> new String(b, StandardCharsets.UTF_8).replace(tenantAndN, tenantAndN + suffix)
                .getBytes(StandardCharsets.UTF_8)).toList();
    }

    default String roomOf(byte[] egress) {
        String json = new String(egress, StandardCharsets.UTF_8);
        int at = json.indexOf("\"roomName\":\"") + "\"roomName\":\"".length();
        return json.substring(at, json.indexOf('"', at));
    }

    /** A participant leaving room {@code room} at {@code createdAt}, with room metadata naming {@code metadataTenant} (or none). */
    default byte[] leftAt(String id, String room, String metadataTenant, long createdAt) {
        String json = new String(leftEvent(id, room, metadataTenant, "SIP", null), StandardCharsets.UTF_8);
        return json.replace("\"createdAt\":\"1761741346\"", "\"createdAt\":\"" + createdAt + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    default String roomOfRoomEvent(byte[] event) {
        String json = new String(event, StandardCharsets.UTF_8);
        int at = json.indexOf("\"name\":\"") + "\"name\":\"".length();
        return json.substring(at, json.indexOf('"', at));
    }

    /** Helper for subclasses: a LiveKit-signed request for a body. */
    default WebhookRequest signed(byte[] body, Clock clock) {
        return WebhookRequest.ofSingle(Map.of("Authorization",
                WebhookSigner.liveKitToken(API_KEY, API_SECRET, body, clock, Duration.ofMinutes(5))), body);
    }
}
