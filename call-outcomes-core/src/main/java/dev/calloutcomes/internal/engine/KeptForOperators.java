package dev.calloutcomes.internal.engine;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.internal.Crypto;
import dev.calloutcomes.internal.Identifiers;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is kept for operators instead of applied: authentic bodies that are not events, events the database refused,
 * a tenant's facts that could not be taken. Each is a failed event, named so that a redelivery is the same row.
 */
final class KeptForOperators {
    // Logged under the entry object's name, which hosts configure.
    private static final Logger LOG = LoggerFactory.getLogger(CallOutcomes.class);

    private final OutcomeStore store;
    private final Clock clock;

    KeptForOperators(OutcomeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    WebhookResult keepRefused(StoredEvent stored, String reason) {
        StoredEvent failed = stored.withStatus(EventStatus.FAILED, reason).withAttempts(1);
        boolean inserted = store.inTransaction(tx -> tx.insertEventIfAbsent(failed));
        return inserted ? WebhookResult.unattributed(stored.eventId(), reason) : WebhookResult.duplicate(stored.eventId());
    }

    /** Keeps an authentic body that is not a usable event as a failed event, for operators. */
    WebhookResult keepMalformed(byte[] body, String reason) {
        // Unparseable bodies have no event id: the body's hash names them, so a redelivery is the same row.
        String id = keepFailed("malformed-", null, body, Crypto.sha256(body), reason);
        LOG.warn("authentic webhook is malformed, kept as {}: {}", id, Identifiers.forLog(reason));
        return WebhookResult.malformed(id, reason);
    }

    /** Stores {@code body} as a failed event of {@code tenantId} (or none), named {@code prefix} and {@code hash}; returns its id. */
    private String keepFailed(String prefix, String tenantId, byte[] body, byte[] hash, String reason) {
        String id = prefix + HexFormat.of().formatHex(hash).substring(0, 32);
        StoredEvent stored = new StoredEvent(id, tenantId, null, null, null, null, EventStatus.FAILED, reason,
                StoredEvent.encodePayload(body), null, clock.instant(), 1);
        store.inTransaction(tx -> tx.insertEventIfAbsent(stored));
        return id;
    }

    /**
     * Keeps a tenant's fact that could not be taken (bad JSON, a wrong field) as a failed event of that tenant, for
     * operators, as an authentic malformed webhook is kept; returns its id. One row per call of the tenant: the first.
     */
    String keepMalformedFact(String tenantId, String callId, byte[] body, String reason) {
        // One per call (the first): what a tenant keeps this way is bounded by the calls it has.
        String id = keepFailed("malformed-fact-", tenantId, body, Crypto.sha256((tenantId + "\u0000" + callId)
                .getBytes(StandardCharsets.UTF_8)), reason);
        LOG.warn("a reported fact is malformed, kept as {}: {}", id, Identifiers.forLog(reason));
        return id;
    }
}
