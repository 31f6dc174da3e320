package dev.calloutcomes.store;

import dev.calloutcomes.testing.OutcomeStoreContract;
import java.time.Clock;

class InMemoryOutcomeStoreTest extends OutcomeStoreContract {
    @Override
    protected OutcomeStore createStore(Clock clock) {
        return OutcomeStore.inMemory(clock);
    }
}
