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

    /** The page of {@code limit} calls out of {@code fetched} (fetched holds up to limit + 1 to detect a next page). */
    public static CallPage of(List<CallRecord> fetched, int limit) {
        if (fetched.size() <= limit) {
            return new CallPage(fetched, null);
        }
        List<CallRecord> page = fetched.subList(0, limit);
        CallRecord last = page.get(limit - 1);
        return new CallPage(page, new CallQuery.Cursor(last.createdAt(), last.id()));
    }
}
