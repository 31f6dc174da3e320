package dev.calloutcomes.query;

import dev.calloutcomes.InvalidInputException;
import dev.calloutcomes.internal.Identifiers;
import java.time.Instant;

/** Checks of the values a query carries, so that every one the store sees can be stored and compared. */
final class QueryValues {
    /** The earliest instant a query may name: MariaDB's DATETIME starts at year 1000. */
    static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");
    /** The latest instant a query may name: the end of year 9999, where every supported database's timestamps end. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private QueryValues() {
    }

    static String tenant(String tenantId) {
        if (!Identifiers.isValid(tenantId)) {
            throw new InvalidInputException("tenant must be 1 to " + Identifiers.MAX_LENGTH
                    + " characters without control characters");
        }
        return tenantId;
    }

    /** {@code value} (may be null) when it is at most 255 characters without control characters. */
    static String filter(String field, String value) {
        if (value != null && (value.length() > Identifiers.MAX_LENGTH || !Identifiers.hasNoControlCharacter(value))) {
            throw new InvalidInputException(field + " must be at most " + Identifiers.MAX_LENGTH
                    + " characters without control characters");
        }
        return value;
    }

    /** {@code value} (may be null) when it lies between years 1000 and 9999. */
    static Instant instant(String field, Instant value) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            throw new InvalidInputException(field + " must lie between " + EARLIEST + " and " + LATEST + ", was: " + value);
        }
        return value;
    }
}
