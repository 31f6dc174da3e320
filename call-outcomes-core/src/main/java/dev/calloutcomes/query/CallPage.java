package dev.calloutcomes.query;

import dev.calloutcomes.call.CallRecord;
import java.util.List;

/**
 * One page of calls.
 *
 * @param items the calls, newest first
 * @param next the cursor of the next page, or null on the last page
 */
public record CallPage(List<CallRecord> items, CallQuery.Cursor next) {
    public CallPage {
        items = List.copyOf(items);
    }
}
