package dev.calloutcomes.internal.engine;

import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoredEvent;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: units of work submitted concurrently share store transactions, so that one commit
 * (one fsync) makes many webhooks durable. Each caller still returns only after the transaction
 * holding its unit has committed, with its own unit's result, so an acknowledged event is as
 * durable as without grouping.
 *
 * <p>The first caller to find a free lane leads: it takes up to {@code maxUnits} queued units (its
 * own among them), runs them in one transaction in the order of their keys (so that concurrent
 * groups lock calls in the same order), hands each caller its result, and leads again until its own
 * unit is done; then it hands the lane to the oldest waiting caller, if any. At most
 * {@code lanes} groups run at once. A unit may bring an event to insert first: a group inserts
 * the events of all its units with one {@link StoreTransaction#insertEventsIfAbsent} call (one
 * round trip on PostgreSQL), then runs each unit's work knowing whether its event was new. A unit
 * may instead name an event its work will store itself: a group then asks the store to look up the
 * rooms of all such events at once ({@link StoreTransaction#prefetchRooms}). A group of several
 * units lets the store hold its writes back until the commit ({@link StoreTransaction#deferWrites}),
 * which is safe because a failed group's units run again alone.
 *
 * <p>A group of one is simply that unit's own transaction, and its failure is its caller's. When a
 * larger group's transaction fails, nothing of it was committed and no unit's result is known:
 * each caller then runs its own unit alone in its own transaction, so one bad unit (a listener that
 * throws, a value the database refuses) fails only its own caller, exactly as without grouping.
 * Units may therefore run more than once, as they may when a store retries a deadlocked
 * transaction.
 */
final class GroupCommit {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    private final OutcomeStore store;
    private final int maxUnits;
    private final int lanes;
    private final Clock clock;
    private final ArrayDeque<Unit<?>> queue = new ArrayDeque<>();
    private int leaders;
    /** When a caller last found every lane taken ({@link Clock#millis()}); {@link Long#MIN_VALUE} until one does. */
    private volatile long saturatedAt = Long.MIN_VALUE;

    GroupCommit(OutcomeStore store, int maxUnits, int lanes) {
        this(store, maxUnits, lanes, Clock.systemUTC());
    }

    GroupCommit(OutcomeStore store, int maxUnits, int lanes, Clock clock) {
        this.store = store;
        this.maxUnits = maxUnits;
        this.lanes = lanes;
        this.clock = clock;
    }

    /**
     * Runs {@code work} in a transaction, possibly shared with concurrent callers; {@code key} (may
     * be null) orders the units of a group. Returns after the commit; throws what {@code work} or the
     * store threw when it ran alone.
     */
    <T> T run(String key, Function<StoreTransaction, T> work) {
        return run(new Unit<>(key, null, false, (tx, inserted) -> work.apply(tx)));
    }

    /**
     * Inserts {@code event} unless its id is stored, then runs {@code work} with whether it was
     * inserted now, in a transaction possibly shared with concurrent callers (see {@link #run(String, Function)}).
     */
    <T> T run(String key, StoredEvent event, AfterInsert<T> work) {
        return run(new Unit<>(key, event, true, work));
    }

    /**
     * Runs {@code work} about {@code event}, which it will store itself, in a transaction possibly
     * shared with concurrent callers (see {@link #run(String, Function)}). A group looks up the rooms
     * of all its units' events at once, and lets the store hold its writes back until the commit.
     */
    <T> T runFor(String key, StoredEvent event, Function<StoreTransaction, T> work) {
        return run(new Unit<>(key, event, false, (tx, inserted) -> work.apply(tx)));
    }

    private <T> T run(Unit<T> unit) {
        if (maxUnits == 1) {
            return store.inTransaction(unit::applyAlone);
        }
        boolean lead;
        synchronized (this) {
            queue.add(unit);
            lead = leaders < lanes;
            if (lead) {
                leaders++;
            }
        }
        if (!lead) {
            saturatedAt = clock.millis();
            lead = unit.awaitTurn();
        }
        if (lead) {
            try {
                while (!unit.settled()) {
                    List<Unit<?>> group = takeGroup();
                    if (group.isEmpty()) {
                        break;
                    }
                    runGroup(group);
                }
            } finally {
                handOver();
            }
            // Another lane's group may hold the unit.
            unit.awaitSettled();
        }
        return unit.outcome(store);
    }

    /**
     * When a caller last found every lane taken and had to queue ({@link Clock#millis()} of the clock),
     * or {@link Long#MIN_VALUE} if none has. Never set when grouping is off (one unit per commit).
     */
    long saturatedAt() {
        return saturatedAt;
    }

    /** How many callers wait for a group (for tests). */
    synchronized int queued() {
        return queue.size();
    }

    private synchronized List<Unit<?>> takeGroup() {
        List<Unit<?>> group = new ArrayList<>(Math.min(queue.size(), maxUnits));
        while (!queue.isEmpty() && group.size() < maxUnits) {
            group.add(queue.poll());
        }
        return group;
    }

    /** Gives this lane to the oldest waiting caller, or frees it. */
    private synchronized void handOver() {
        Unit<?> next = queue.peek();
        if (next == null) {
            leaders--;
        } else {
            // Under this lock the queued unit cannot be taken into a group before it learns that it leads.
            next.promote();
        }
    }

    private void runGroup(List<Unit<?>> group) {
        try {
            if (group.size() == 1) {
                Unit<?> only = group.get(0);
                only.settle(store.inTransaction(only::applyAlone));
            } else {
                group.sort(Comparator.comparing((Unit<?> u) -> u.key, Comparator.nullsFirst(Comparator.naturalOrder())));
                Object[] results = store.inTransaction(tx -> {
                    // A failed group reruns its units alone: the store may hold the group's writes back.
                    tx.deferWrites();
                    List<StoredEvent> toInsert = new ArrayList<>();
                    List<StoredEvent> about = new ArrayList<>();
                    for (Unit<?> u : group) {
                        if (u.event != null) {
                            (u.insertFirst ? toInsert : about).add(u.event);
                        }
                    }
                    if (!about.isEmpty()) {
                        tx.prefetchRooms(about);
                    }
                    List<Boolean> inserted = toInsert.isEmpty() ? List.of() : tx.insertEventsIfAbsent(toInsert);
                    Object[] r = new Object[group.size()];
                    for (int i = 0, e = 0; i < r.length; i++) {
                        Unit<?> u = group.get(i);
                        r[i] = u.work.apply(tx, u.insertFirst && inserted.get(e++));
                    }
                    return r;
                });
                for (int i = 0; i < results.length; i++) {
                    group.get(i).settle(results[i]);
                }
            }
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).fail(e);
            } else {
                LOG.debug("a group of {} units failed ({}); each runs alone", group.size(), e.getClass().getSimpleName());
            }
        } finally {
            // Nothing of a failed group was committed: its callers run their units alone.
            for (Unit<?> u : group) {
                if (!u.settled()) {
                    u.runAlone();
                }
            }
        }
    }

    /** Work that runs after its event's insert, knowing whether the event was new. */
    @FunctionalInterface
    interface AfterInsert<T> {
        T apply(StoreTransaction tx, boolean inserted);
    }

    /** One caller's unit of work and what became of it. */
    private static final class Unit<T> {
        private enum State { PENDING, DONE, FAILED, ALONE }

        final String key;
        /** The unit's event (may be null): inserted first when {@link #insertFirst}, else only named for room lookups. */
        final StoredEvent event;
        final boolean insertFirst;
        final AfterInsert<T> work;
        private State state = State.PENDING;
        private boolean leading;
        private Object result;
        private RuntimeException failure;

        Unit(String key, StoredEvent event, boolean insertFirst, AfterInsert<T> work) {
            this.key = key;
            this.event = event;
            this.insertFirst = insertFirst;
            this.work = work;
        }

        /** The unit in a transaction of its own. */
        T applyAlone(StoreTransaction tx) {
            return work.apply(tx, insertFirst && tx.insertEventIfAbsent(event));
        }

        /** Waits until the unit is settled or its caller is to lead; true for the latter. */
        synchronized boolean awaitTurn() {
            awaitWhile(() -> state == State.PENDING && !leading);
            return leading;
        }

        /** Waits until the group holding the unit has settled it. */
        synchronized void awaitSettled() {
            awaitWhile(() -> state == State.PENDING);
        }

        private void awaitWhile(BooleanSupplier condition) {
            boolean interrupted = false;
            while (condition.getAsBoolean()) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    // The unit may be in a running group: its outcome must be waited for, not guessed.
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized boolean settled() {
            return state != State.PENDING;
        }

        /** Called with the {@link GroupCommit} lock held, while the unit is still queued. */
        synchronized void promote() {
            leading = true;
            notifyAll();
        }

        synchronized void settle(Object value) {
            result = value;
            state = State.DONE;
            notifyAll();
        }

        synchronized void fail(RuntimeException e) {
            failure = e;
            state = State.FAILED;
            notifyAll();
        }

        synchronized void runAlone() {
            state = State.ALONE;
            notifyAll();
        }

        /** The unit's result as its group settled it, or, after a failed group, by running it alone now. */
        @SuppressWarnings("unchecked")
        T outcome(OutcomeStore store) {
            State s;
            synchronized (this) {
                s = state;
            }
            return switch (s) {
                case DONE -> (T) result;
                case FAILED -> throw failure;
                default -> store.inTransaction(this::applyAlone);
            };
        }
    }
}
