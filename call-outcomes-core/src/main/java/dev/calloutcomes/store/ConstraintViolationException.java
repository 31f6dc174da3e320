package dev.calloutcomes.store;

import dev.calloutcomes.InvalidInputException;

/**
 * A constraint of the database refused a row: a host's foreign key (a tenant that is not one of its users),
 * check or not-null constraint. Bad data for this database, not an outage: retrying cannot help, so an event
 * it refuses is kept as failed with the reason, for operators, instead of being answered as unavailable.
 */
public final class ConstraintViolationException extends InvalidInputException {
    public ConstraintViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
