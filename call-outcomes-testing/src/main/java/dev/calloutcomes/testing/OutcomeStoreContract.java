package dev.calloutcomes.testing;

import dev.calloutcomes.store.OutcomeStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;

/**
 * The behaviour every {@link OutcomeStore} must have. Subclasses supply a fresh, empty store; the JDBC module runs this
 * suite on H2, PostgreSQL and MariaDB. The tests live in one interface per concern ({@link IdempotencyContract},
 * {@link TenancyContract}, {@link OwnershipContract}, {@link IdentityContract}, {@link RegistrationsContract},
 * {@link QueriesContract}, {@link QueueContract}, {@link MaintenanceContract}); extending this class runs them all.
 */
public abstract class OutcomeStoreContract implements IdempotencyContract, TenancyContract, OwnershipContract, IdentityContract, RegistrationsContract, QueriesContract, QueueContract, MaintenanceContract {
    protected static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    protected OutcomeStore store;

    private final AtomicInteger tick = new AtomicInteger();

    /** A clock that advances one second per reading, so creation order is visible. */
    protected final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return T0.plusSeconds(tick.getAndIncrement());
        }
    };

    /** A new, empty store whose timestamps come from {@code clock}. */
    protected abstract OutcomeStore createStore(Clock clock);

    @BeforeEach
    void freshStore() {
        store = createStore(clock);
    }

    @Override
    public OutcomeStore store() {
        return store;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void advance(int seconds) {
        tick.addAndGet(seconds);
    }

    @Override
    public OutcomeStore anotherStore() {
        return createStore(clock);
    }
}
