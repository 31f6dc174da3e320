package dev.calloutcomes.store;

import dev.calloutcomes.CallOutcomesException;

/**
 * A unit of work tried to create a call whose id another tenant's call holds: another unit of work created
 * the room instance's call for another tenant meanwhile. Running the unit of work again resolves it (it then
 * sees that call, and the ownership rules decide); the engine does so itself.
 */
public final class CallIdTakenException extends CallOutcomesException {
    public CallIdTakenException(String callId) {
        super("call id " + callId + " belongs to another tenant");
    }
}
