package dev.calloutcomes.servlet;

import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoreUnavailableException;
import dev.calloutcomes.testing.ForwardingStore;

/** A hand-written stub: a real store that can be switched "down" to raise StoreUnavailableException. */
final class FlakyStore extends ForwardingStore {
    volatile boolean down;

    FlakyStore(OutcomeStore delegate) {
        super(delegate);
    }

    @Override
    protected void before() {
        if (down) {
            throw new StoreUnavailableException("database unavailable (test outage)", null);
        }
    }
}
