package dev.calloutcomes.examples.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers webhooks as LiveKit's notifier does (livekit/protocol {@code webhook/resource_url_notifier.go}): one FIFO
 * queue per room; go-retryablehttp's defaults, five attempts with waits of 1, 2, 4 and 8 s, retried on connection
 * errors, 429 and 5xx except 501, never on another 4xx; an event that waited more than 30 s in its queue is dropped
 * when its turn comes; a queue beyond 200 drops. The receiver is never told of a drop: this class counts them.
 */
final class LiveKitNotifier implements AutoCloseable {
    private static final long[] WAITS_MILLIS = {1_000, 2_000, 4_000, 8_000};
    private static final long MAX_QUEUED_MILLIS = 30_000;
    private static final int MAX_QUEUE = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Webhooks webhooks;
    private final Map<String, ThreadPoolExecutor> queues = new ConcurrentHashMap<>();
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<String> dropped = ConcurrentHashMap.newKeySet();
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger retried = new AtomicInteger();

    LiveKitNotifier(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /**
     * Delivers {@code calls} as they would happen: call {@code n} starts {@code n} steps in, and its events follow two
     * steps apart, each queued behind its room's earlier events. Returns when the last is queued.
     */
    void deliverAsCallsGoOn(List<List<byte[]>> calls, long stepMillis) {
        long start = System.nanoTime();
        int longest = calls.stream().mapToInt(List::size).max().orElse(0);
        for (int step = 0; step < calls.size() + 2 * longest; step++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos(stepMillis * step);
            StorageOutageFaultTest.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime())));
            for (int n = 0; n < calls.size(); n++) {
                int event = (step - n) / 2;
                if ((step - n) % 2 == 0 && event >= 0 && event < calls.get(n).size()) {
                    deliver(calls.get(n).get(event));
                }
            }
        }
    }

    /** Queues {@code body} behind its room's earlier events. */
    void deliver(byte[] body) {
        String room = room(body);
        String id = Webhooks.eventId(body);
        ThreadPoolExecutor queue = queues.computeIfAbsent(room,
                r -> (ThreadPoolExecutor) Executors.newFixedThreadPool(1, task -> new Thread(task, "livekit-queue-" + r)));
        if (queue.getQueue().size() >= MAX_QUEUE) {
            dropped.add(id);
            return;
        }
        long queuedAt = System.nanoTime();
        queue.execute(() -> send(id, body, queuedAt));
    }

    private void send(String id, byte[] body, long queuedAt) {
        if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - queuedAt) > MAX_QUEUED_MILLIS) {
            dropped.add(id);
            return;
        }
        for (int attempt = 0; attempt <= WAITS_MILLIS.length; attempt++) {
            attempts.incrementAndGet();
            int status = webhooks.post(body);
            if (status / 100 == 2) {
                acknowledged.add(id);
                return;
            }
            boolean retryable = status == -1 || status == 429 || status >= 500 && status != 501;
            if (!retryable || attempt == WAITS_MILLIS.length) {
                break;
            }
            retried.incrementAndGet();
            StorageOutageFaultTest.sleep(WAITS_MILLIS[attempt]);
        }
        dropped.add(id);
    }

    /** Waits until every queue is empty and idle, at most {@code max}; whether they all are. */
    boolean awaitIdle(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (queues.values().stream().allMatch(q -> q.getQueue().isEmpty() && q.getActiveCount() == 0)) {
                return true;
            }
            StorageOutageFaultTest.sleep(100);
        }
        return false;
    }

    @Override
    public void close() {
        queues.values().forEach(ExecutorService::shutdownNow);
    }

    /** The room a webhook names: LiveKit queues per room. */
    private static String room(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            String name = root.path("room").path("name").asText(null);
            return name != null ? name : root.path("egressInfo").path("roomName").asText("none");
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
