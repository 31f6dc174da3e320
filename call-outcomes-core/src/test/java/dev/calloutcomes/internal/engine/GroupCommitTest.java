package dev.calloutcomes.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.testing.ForwardingStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    private final CountingStore store = new CountingStore(OutcomeStore.inMemory());
    private final ExecutorService pool = Executors.newFixedThreadPool(32);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static StoredEvent event(String id) {
        return new StoredEvent(id, null, null, "participant_left", "RM_" + id, "room-" + id, EventStatus.PENDING, null,
                "{}", null, Instant.EPOCH, 0);
    }

    @Test
    void concurrentUnitsShareCommitsAndEachCallerGetsItsOwnResult() throws Exception {
        GroupCommit commits = new GroupCommit(store, 32, 2);
        int units = 2_000;
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < units; i++) {
            String id = "ev-" + i;
            results.add(pool.submit(() -> commits.run(id, tx -> tx.insertEventIfAbsent(event(id)) ? id : "duplicate")));
        }
        for (int i = 0; i < units; i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("ev-" + i);
        }
        assertThat(store.findEventsByStatus(EventStatus.PENDING, units + 1)).hasSize(units);
        // 32 callers at once: far fewer transactions than units (each a commit of its own without grouping).
        assertThat(store.transactions.get()).isLessThan(units / 2);
    }

    @Test
    void aFailingUnitFailsOnlyItsOwnCallerAndNothingOfItRemains() throws Exception {
        GroupCommit commits = new GroupCommit(store, 32, 1);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String id = "ev-" + i;
            boolean bad = i % 10 == 3;
            results.add(pool.submit(() -> {
                go.await();
                return commits.run(id, tx -> {
                    boolean inserted = tx.insertEventIfAbsent(event(id));
                    if (bad) {
                        throw new IllegalStateException("unit " + id + " fails");
                    }
                    return inserted;
                });
            }));
        }
        go.countDown();
        for (int i = 0; i < 64; i++) {
            Future<Boolean> f = results.get(i);
            if (i % 10 == 3) {
                assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("unit ev-" + i + " fails");
                assertThat(store.findEvent("ev-" + i)).isEmpty();
            } else {
                assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
                assertThat(store.findEvent("ev-" + i)).isPresent();
            }
        }
    }

    @Test
    void theSameEventSubmittedTwiceInOneGroupIsStoredOnce() throws Exception {
        GroupCommit commits = new GroupCommit(store, 64, 1);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return commits.run("same", tx -> tx.insertEventIfAbsent(event("same")));
            }));
        }
        go.countDown();
        int inserted = 0;
        for (Future<Boolean> f : results) {
            inserted += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(inserted).isEqualTo(1);
    }

    @Test
    void aGroupInsertsItsUnitsEventsTogetherAndTellsEachWhetherItsEventIsNew() throws Exception {
        GroupCommit commits = new GroupCommit(store, 64, 1);
        store.inTransaction(tx -> tx.insertEventIfAbsent(event("old")));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Boolean> first = pool.submit(() -> commits.run("m", event("first"), (tx, inserted) -> {
            holding.countDown();
            await(release);
            return inserted;
        }));
        assertThat(holding.await(30, TimeUnit.SECONDS)).as("the first caller leads").isTrue();
        List<String> ids = List.of("a", "b", "a", "old", "c", "b");
        List<Future<Boolean>> rest = new ArrayList<>();
        for (String id : ids) {
            rest.add(pool.submit(() -> commits.run(id, event(id), (tx, inserted) -> inserted && tx.insertEventIfAbsent(event(id + "-seen")))));
        }
        awaitWaiting(commits, ids.size());
        int transactionsBefore = store.transactions.get();
        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
        List<Boolean> inserted = new ArrayList<>();
        for (Future<Boolean> f : rest) {
            inserted.add(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(store.transactions.get() - transactionsBefore).as("one group after the first").isEqualTo(1);
        assertThat(inserted.stream().filter(b -> b)).as("a, b and c once each").hasSize(3);
        assertThat(inserted.get(3)).as("stored before").isFalse();
        for (String id : List.of("a", "b", "c")) {
            assertThat(store.findEvent(id)).isPresent();
            assertThat(store.findEvent(id + "-seen")).isPresent();
        }
        assertThat(store.findEvent("old-seen")).isEmpty();
    }

    @Test
    void unitsOfAGroupRunInKeyOrder() throws Exception {
        GroupCommit commits = new GroupCommit(store, 64, 1);
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The first caller leads and blocks inside its transaction while the others queue behind it.
        Future<Object> first = pool.submit(() -> commits.run("m", tx -> {
            holding.countDown();
            await(release);
            return null;
        }));
        assertThat(holding.await(30, TimeUnit.SECONDS)).as("the first caller leads").isTrue();
        List<Future<Object>> rest = new ArrayList<>();
        for (String key : List.of("d", "a", "c", "b")) {
            rest.add(pool.submit(() -> commits.run(key, tx -> order.add(key))));
        }
        awaitWaiting(commits, 4);
        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        for (Future<Object> f : rest) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(order).containsExactly("a", "b", "c", "d");
    }

    @Test
    void oneUnitPerCommitWhenGroupingIsOff() throws Exception {
        GroupCommit commits = new GroupCommit(store, 1, 4);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "ev-" + i;
            results.add(pool.submit(() -> commits.run(id, tx -> tx.insertEventIfAbsent(event(id)))));
        }
        for (Future<Boolean> f : results) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(store.transactions.get()).isEqualTo(200);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting for the latch");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits, at most 30 s (then fails), until {@code n} callers queue in {@code commits}. */
    private void awaitWaiting(GroupCommit commits, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (store.waiting(commits) < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + store.waiting(commits) + " of " + n + " callers queued");
            }
            Thread.sleep(5);
        }
    }

    /** The in-memory store, counting transactions, each followed by a short flush as a database's commit has. */
    private static final class CountingStore extends ForwardingStore {
        final AtomicInteger transactions = new AtomicInteger();

        CountingStore(OutcomeStore delegate) {
            super(delegate);
        }

        /** How many callers wait in {@code commits}' queue. */
        int waiting(GroupCommit commits) {
            return commits.queued();
        }

        @Override
        public <T> T inTransaction(Function<StoreTransaction, T> work) {
            transactions.incrementAndGet();
            T result = delegate.inTransaction(work);
            // Callers arriving during the flush queue for the next group.
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return result;
        }
    }
}
