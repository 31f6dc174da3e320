package dev.calloutcomes.internal;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.query.CallPage;
import dev.calloutcomes.query.CallQuery;
import java.util.List;

/** Pages of calls for stores. Internal. */
public final class Pages {
    private Pages() {
    }

    /**
     * The page of {@code limit} calls out of {@code fetched}, which a store reads with up to
     * {@code limit + 1} rows: an extra row means there is a next page, whose cursor is the last call kept.
     */
    public static CallPage fromFetched(List<CallRecord> fetched, int limit) {
        if (fetched.size() <= limit) {
            return new CallPage(fetched, null);
        }
        List<CallRecord> page = fetched.subList(0, limit);
        CallRecord last = page.get(limit - 1);
        return new CallPage(page, new CallQuery.Cursor(last.createdAt(), last.id()));
    }
}
