package dev.calloutcomes.internal.engine;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.internal.Identifiers;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoreUnavailableException;
import dev.calloutcomes.store.StoredEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an authentic webhook goes when the store cannot take it: a second, local store (an H2 file, say), from which
 * {@link #forward} moves it into the store once the store answers again. The spool holds events as they arrived
 * (pending, with the tenant their signing key is mapped to); forwarding takes each one as a webhook is taken, so a
 * webhook that LiveKit also redelivered meanwhile is stored once (by its id), and replay order does not matter.
 * Bounded by count and age: a full spool refuses, as a store that is down does (503, so that LiveKit retries).
 */
public final class Spool {
    // Logged under the entry object's name, which hosts configure.
    private static final Logger LOG = LoggerFactory.getLogger(CallOutcomes.class);

    /** No spool: a store that is down answers 503, as before. */
    public static final Spool NONE = new Spool(null, 0, Duration.ZERO, Clock.systemUTC());

    private final OutcomeStore spool;
    private final int maxEvents;
    private final Duration maxAge;
    private final Clock clock;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicReference<Instant> oldest = new AtomicReference<>();
    private final Object forwarding = new Object();
    private volatile boolean fullLogged;
    /** The store's last failure while this spool held events, and when; cleared when a forward succeeds. */
    private volatile StoreUnavailableException lastFailure;
    private volatile Instant failedAt;
    /**
     * How long after the store failed webhooks go straight to the spool: a store that is down makes each request wait
     * for its connection timeout, and LiveKit's per-room queue drops what waits 30 s. Forwarding probes the store
     * meanwhile; without it, the next webhook after this window does.
     */
    static final Duration BYPASS = Duration.ofSeconds(5);

    /**
     * @param spool where webhooks wait, durable (see the README); its events are pending, with no call
     * @param maxEvents at most this many wait; one more is refused
     * @param maxAge none waits longer: when the oldest is older, new webhooks are refused
     */
    public Spool(OutcomeStore spool, int maxEvents, Duration maxAge, Clock clock) {
        this.spool = spool;
        this.maxEvents = maxEvents;
        this.maxAge = maxAge;
        this.clock = clock;
        if (spool != null) {
            // A restarted instance starts with what its spool still holds (counted, not read: it may hold a million
            // bodies): forwarding drains it.
            long held = spool.countEventsByStatus(EventStatus.PENDING);
            depth.set(held);
            List<StoredEvent> first = held == 0 ? List.of() : spool.findEventsByStatus(EventStatus.PENDING, 1);
            oldest.set(first.isEmpty() ? null : first.get(0).receivedAt());
            if (held > 0) {
                LOG.warn("the webhook spool holds {} event(s) from before this start; forwarding them to the store", held);
            }
        }
    }

    /**
     * Keeps {@code stored} in the spool because the store failed with {@code cause}.
     *
     * @throws StoreUnavailableException {@code cause}, when there is no spool, it is full (count or age), or it fails too
     */
    WebhookResult hold(StoredEvent stored, StoreUnavailableException cause) {
        if (spool == null) {
            throw cause;
        }
        Instant now = clock.instant();
        lastFailure = cause;
        failedAt = now;
        Instant first = oldest.get();
        if (depth.get() >= maxEvents || first != null && first.plus(maxAge).isBefore(now)) {
            if (spooledAlready(stored.eventId())) {
                return WebhookResult.spooled(stored.eventId());   // a redelivery of what the spool holds: held already
            }
            if (!fullLogged) {
                fullLogged = true;   // once until it drains: a full spool refuses every webhook, and LiveKit retries each
                LOG.error("the webhook spool is full ({} events, the oldest from {}): answering 503", depth.get(), first);
            }
            throw cause;
        }
        boolean inserted;
        try {
            inserted = spool.inTransaction(tx -> tx.insertEventIfAbsent(stored));
        } catch (RuntimeException e) {
            // The failure is not attached to cause: cause is shared by every webhook of the outage.
            LOG.warn("the webhook spool failed too; answering 503: {}", e.getMessage());
            throw cause;
        }
        if (inserted) {
            synchronized (this) {
                if (oldest.get() == null) {
                    oldest.set(stored.receivedAt());
                }
                if (depth.getAndIncrement() == 0) {
                    LOG.warn("the store is unavailable ({}): spooling webhooks locally until it answers", cause.getMessage());
                }
            }
        }
        return WebhookResult.spooled(stored.eventId());
    }

    /**
     * Moves up to {@code max} spooled events into the store, oldest first, each through {@code take} (the body and the
     * tenant of its signing key); stops at the first the store cannot take because it is down again (that one and the
     * rest stay spooled); one that fails for another reason stays spooled too, and the rest move on.
     *
     * @return how many were moved (0 when the spool is empty or the store is still down)
     */
    int forward(int max, BiFunction<byte[], String, WebhookResult> take) {
        if (spool == null || depth.get() == 0) {
            return 0;
        }
        // One forward at a time (two would take the same events, and count them twice); webhooks keep spooling meanwhile.
        synchronized (forwarding) {
            return forwardAlone(max, take);
        }
    }

    private int forwardAlone(int max, BiFunction<byte[], String, WebhookResult> take) {
        List<StoredEvent> held = spool.findEventsByStatus(EventStatus.PENDING, max);
        int moved = 0;
        for (StoredEvent e : held) {
            try {
                take.apply(e.payloadBytes(), e.keyTenantId());
                lastFailure = null;
            } catch (StoreUnavailableException down) {
                // The store is down again: this event and the rest stay spooled for the next round.
                lastFailure = down;
                failedAt = clock.instant();
                LOG.debug("spooled event {} not forwarded yet: {}", Identifiers.forLog(e.eventId()), down.getMessage());
                break;
            } catch (RuntimeException notTaken) {
                // Not an outage (a listener failed, say): it stays spooled, to be tried again, and blocks none behind it.
                LOG.warn("spooled event {} could not be forwarded and stays in the spool: {}", Identifiers.forLog(e.eventId()),
                        Identifiers.forLog(String.valueOf(notTaken.getMessage())));
                continue;
            }
            spool.inTransaction(tx -> {
                tx.deleteEvent(e.eventId());
                return null;
            });
            moved++;
        }
        if (moved > 0) {
            synchronized (this) {
                depth.addAndGet(-moved);
                List<StoredEvent> next = spool.findEventsByStatus(EventStatus.PENDING, 1);
                oldest.set(next.isEmpty() ? null : next.get(0).receivedAt());
                fullLogged = false;
                if (next.isEmpty()) {
                    LOG.info("the webhook spool is drained: every spooled event is in the store");
                }
            }
        }
        return moved;
    }

    private boolean spooledAlready(String eventId) {
        try {
            return spool.findEvent(eventId).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The store's failure that sends webhooks straight to the spool, for {@link #BYPASS} after it happened and until a
     * forward succeeds; empty when webhooks should try the store.
     */
    Optional<StoreUnavailableException> bypass() {
        StoreUnavailableException failure = lastFailure;
        Instant at = failedAt;
        return failure != null && at != null && at.plus(BYPASS).isAfter(clock.instant()) ? Optional.of(failure) : Optional.empty();
    }

    /** How many events the spool holds. */
    long depth() {
        return depth.get();
    }

    /** When the oldest event the spool holds arrived; empty when it holds none. */
    Optional<Instant> oldest() {
        return Optional.ofNullable(oldest.get());
    }
}
