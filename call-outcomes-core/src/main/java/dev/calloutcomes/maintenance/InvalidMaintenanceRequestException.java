package dev.calloutcomes.maintenance;

import dev.calloutcomes.InvalidInputException;

/** An operator asked {@link CallMaintenance} for something it refuses (a sweep of calls too young); the message says why. */
public final class InvalidMaintenanceRequestException extends InvalidInputException {
    public InvalidMaintenanceRequestException(String message) {
        super(message);
    }
}
