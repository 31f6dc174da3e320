package dev.calloutcomes.servlet;

import java.util.HashMap;
import java.util.Map;

/**
 * How many list and stats reads run at once: at most {@code perTenant} for one tenant and {@code inAll} for all
 * together, so that one tenant's large pages cannot exhaust the heap that every tenant's webhooks share. A tenant's
 * count is removed when its last read ends, so the map holds only the tenants reading now. Thread-safe.
 */
final class ReadSlots {
    /** What {@link #acquire} gave: a slot, or why none. */
    enum Slot { GRANTED, TENANT_BUSY, ALL_BUSY }

    private final int perTenant;
    private final int inAll;
    private final Map<String, Integer> running = new HashMap<>();
    private int total;

    ReadSlots(int perTenant, int inAll) {
        this.perTenant = perTenant;
        this.inAll = inAll;
    }

    /** A slot for one read of {@code tenant}; when {@link Slot#GRANTED}, {@link #release} it afterwards. */
    synchronized Slot acquire(String tenant) {
        int mine = running.getOrDefault(tenant, 0);
        if (mine >= perTenant) {
            return Slot.TENANT_BUSY;
        }
        if (total >= inAll) {
            return Slot.ALL_BUSY;
        }
        running.put(tenant, mine + 1);
        total++;
        return Slot.GRANTED;
    }

    /** Ends a read that {@link #acquire} granted. */
    synchronized void release(String tenant) {
        running.computeIfPresent(tenant, (t, n) -> n == 1 ? null : n - 1);
        total--;
    }
}
