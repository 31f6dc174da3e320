package dev.calloutcomes.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request body of at most {@code max} bytes within a deadline, without holding a request
 * thread while the client is slow: with asynchronous servlet support (the mapping's
 * {@code asyncSupported}), bytes are read as they arrive and the thread returns to the container in
 * between, so that clients trickling bodies at one byte a second cost a connection each, not a
 * thread, and are cut off at the deadline. Without asynchronous support the body is read with
 * blocking reads, checked against the deadline after each read (a read that blocks is bounded only
 * by the container's idle timeout).
 *
 * <p>An oversized body is read and dropped up to 8 × {@code max} bytes (so that the client sees the
 * answer rather than a reset connection), within the same deadline; beyond that, or when the
 * declared length is larger, it is answered at once and the connection closed.
 */
final class BoundedBody implements ReadListener {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedBody.class);
    private static final AtomicBoolean WARNED_BLOCKING = new AtomicBoolean();
    /** One daemon thread for every servlet's deadlines; a deadline's task only writes a short answer. */
    private static final ScheduledExecutorService DEADLINES = deadlines();

    /** What went wrong with a body. */
    enum Failure {
        /** Larger than allowed. */
        TOO_LARGE,
        /** Not complete by the deadline. */
        TIMED_OUT,
        /** The connection failed while reading. */
        BROKEN
    }

    /** Receives the whole body and answers the request. */
    interface BodyHandler {
        void body(byte[] body) throws IOException;
    }

    /** Answers a request whose body could not be read. */
    interface FailureHandler {
        void failed(Failure failure) throws IOException;
    }

    private final AsyncContext async;
    private final ServletInputStream in;
    private final int max;
    private final BodyHandler onBody;
    private final FailureHandler onFailure;
    private final ByteArrayOutputStream received;
    private final byte[] buffer = new byte[8192];
    private final AtomicBoolean finished = new AtomicBoolean();
    private long total;
    private volatile ScheduledFuture<?> deadline;

    private BoundedBody(AsyncContext async, ServletInputStream in, int max, long declared, BodyHandler onBody,
                        FailureHandler onFailure) {
        this.async = async;
        this.in = in;
        this.max = max;
        this.onBody = onBody;
        this.onFailure = onFailure;
        this.received = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), max));
    }

    /**
     * Reads {@code request}'s body, then calls {@code onBody} with it, or {@code onFailure}; either
     * answers the request. With asynchronous support this returns at once and the handlers run later,
     * on a container thread (or, for a deadline, on the deadline thread).
     */
    static void read(HttpServletRequest request, int max, Duration timeout, BodyHandler onBody, FailureHandler onFailure)
            throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > 8L * max) {
            onFailure.failed(Failure.TOO_LARGE);
            return;
        }
        if (!request.isAsyncSupported()) {
            readBlocking(request.getInputStream(), max, timeout, onBody, onFailure);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        BoundedBody reader = new BoundedBody(async, request.getInputStream(), max, declared, onBody, onFailure);
        reader.deadline = DEADLINES.schedule(reader::timedOut, timeout.toNanos(), TimeUnit.NANOSECONDS);
        reader.in.setReadListener(reader);
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!finished.get() && in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                return;
            }
            total += n;
            if (total > 8L * max) {
                fail(Failure.TOO_LARGE);
                return;
            }
            if (total <= max) {
                received.write(buffer, 0, n);
            }
        }
    }

    @Override
    public void onAllDataRead() throws IOException {
        if (total > max) {
            fail(Failure.TOO_LARGE);
        } else if (finish()) {
            try {
                onBody.body(received.toByteArray());
            } finally {
                async.complete();
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        LOG.debug("request body could not be read: {}", t.toString());
        try {
            fail(Failure.BROKEN);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not answer a request whose body failed: {}", e.toString());
        }
    }

    private void timedOut() {
        try {
            fail(Failure.TIMED_OUT);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not answer a request whose body timed out: {}", e.toString());
        }
    }

    private void fail(Failure failure) throws IOException {
        if (finish()) {
            try {
                onFailure.failed(failure);
            } finally {
                async.complete();
            }
        }
    }

    /** True for the first caller only: exactly one of the body, a failure or the deadline answers. */
    private boolean finish() {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> pending = deadline;
        if (pending != null) {
            pending.cancel(false);
        }
        return true;
    }

    private static void readBlocking(InputStream in, int max, Duration timeout, BodyHandler onBody, FailureHandler onFailure)
            throws IOException {
        if (WARNED_BLOCKING.compareAndSet(false, true)) {
            LOG.warn("a servlet reading webhook bodies is mapped without asyncSupported: a slow body holds a request thread "
                    + "until the container's idle timeout; enable asynchronous support on its mapping");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > 8L * max) {
                onFailure.failed(Failure.TOO_LARGE);
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                onFailure.failed(Failure.TIMED_OUT);
                return;
            }
            if (total <= max) {
                out.write(buffer, 0, n);
            }
        }
        if (total > max) {
            onFailure.failed(Failure.TOO_LARGE);
        } else {
            onBody.body(out.toByteArray());
        }
    }

    private static ScheduledExecutorService deadlines() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "call-outcomes-body-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
