package dev.calloutcomes.servlet;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How many list and stats reads run at once: at most {@code perTenant} for one tenant and {@code inAll} for all
 * together, so that one tenant's large pages cannot exhaust the heap that every tenant's webhooks share. A read that
 * finds no slot waits for one up to {@code maxWait} (a dashboard asks for five things at once), then is refused. A
 * tenant's count is removed when its last read ends, so the map holds only the tenants reading now. Thread-safe.
 */
final class ReadSlots {
    /** What {@link #acquire} gave: a slot, or why none. */
    enum Slot { GRANTED, TENANT_BUSY, ALL_BUSY }

    private final int perTenant;
    private final int inAll;
    private final long maxWaitNanos;
    private final Map<String, Integer> running = new HashMap<>();
    private int total;

    ReadSlots(int perTenant, int inAll, Duration maxWait) {
        this.perTenant = perTenant;
        this.inAll = inAll;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** A slot for one read of {@code tenant}, waiting up to the bound; when {@link Slot#GRANTED}, {@link #release} it afterwards. */
    synchronized Slot acquire(String tenant) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitNanos;
        while (true) {
            int mine = running.getOrDefault(tenant, 0);
            Slot free = mine >= perTenant ? Slot.TENANT_BUSY : total >= inAll ? Slot.ALL_BUSY : Slot.GRANTED;
            if (free == Slot.GRANTED) {
                running.put(tenant, mine + 1);
                total++;
                return Slot.GRANTED;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return free;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Ends a read that {@link #acquire} granted. */
    synchronized void release(String tenant) {
        running.computeIfPresent(tenant, (t, n) -> n == 1 ? null : n - 1);
        total--;
        notifyAll();
    }
}
