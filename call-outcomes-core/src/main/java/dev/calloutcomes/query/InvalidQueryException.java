package dev.calloutcomes.query;

import dev.calloutcomes.InvalidInputException;

/**
 * A query a client asked for cannot be answered as asked: a filter with control characters, a time
 * outside what can be stored, a range that ends before it starts, a cursor this library did not
 * issue. Bad input (an HTTP adapter answers 400), never a storage failure.
 */
public class InvalidQueryException extends InvalidInputException {
    public InvalidQueryException(String message) {
        super(message);
    }
}
