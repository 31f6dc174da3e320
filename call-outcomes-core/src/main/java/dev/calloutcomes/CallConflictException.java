package dev.calloutcomes;

/** A registration names a room that another tenant's call already uses. */
public final class CallConflictException extends CallOutcomesException {
    public CallConflictException(String message) {
        super(message);
    }
}
