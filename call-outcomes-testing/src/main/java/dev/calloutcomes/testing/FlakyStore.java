package dev.calloutcomes.testing;

import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoreUnavailableException;

/**
 * A real store that a test switches "down": every call then fails with {@link StoreUnavailableException}, as a database
 * that cannot be reached does (HTTP: 503; with a spool: spooled).
 */
public final class FlakyStore extends ForwardingStore {
    private volatile boolean down;

    public FlakyStore(OutcomeStore delegate) {
        super(delegate);
    }

    /** Whether every call fails from now on. */
    public void setDown(boolean down) {
        this.down = down;
    }

    @Override
    protected void before() {
        if (down) {
            throw new StoreUnavailableException("database unavailable (test outage)", null);
        }
    }
}
