package dev.calloutcomes.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 client for load generation: pre-serialized requests over keep-alive sockets,
 * one blocking connection per thread. Much lighter than {@code java.net.http}, whose per-request cost
 * on a 2-core machine competed with the server it measured. Understands Content-Length and chunked
 * responses; reconnects when the server closes a connection.
 */
final class RawHttp {

    /** The outcome of one run: per-request latencies (ns, in request order), wall time, non-2xx answers. */
    record Run(long[] latencies, double seconds, int concurrency, int failures, Map<Integer, Integer> statuses) {
    }

    private RawHttp() {
    }

    /** What a response's head says: its status, body length (-1 if not given), chunked body, connection closing after it. */
    record Head(int status, long length, boolean chunked, boolean closing) {
        /** Parses the status line and header lines of a response (without the blank line that ends them). */
        static Head of(List<String> lines) {
            int status = Integer.parseInt(lines.get(0).substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closing = false;
            for (String h : lines.subList(1, lines.size())) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closing = true;
                }
            }
            return new Head(status, length, chunked, closing);
        }
    }

    static byte[] request(String method, URI uri, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(uri.getRawPath())
                .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + (body == null ? 0 : body.length)];
        System.arraycopy(h, 0, all, 0, h.length);
        if (body != null) {
            System.arraycopy(body, 0, all, h.length, body.length);
        }
        return all;
    }

    /** Sends {@code requests[from .. from+count)} from {@code concurrency} connections, each request once. */
    static Run run(URI target, byte[][] requests, int from, int count, int concurrency) throws InterruptedException {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        Thread[] threads = new Thread[concurrency];
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            threads[t] = new Thread(() -> {
                Connection c = new Connection(target);
                try {
                    for (int i; (i = next.getAndIncrement()) < count; ) {
                        long began = System.nanoTime();
                        int status = c.exchange(requests[from + i]);
                        latencies[i] = System.nanoTime() - began;
                        if (status / 100 != 2) {
                            failures.incrementAndGet();
                            statuses.merge(status, 1, Integer::sum);
                        }
                    }
                } finally {
                    c.close();
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Run(latencies, (System.nanoTime() - start) / 1e9, concurrency, failures.get(), new TreeMap<>(statuses));
    }

    /** One keep-alive connection. */
    private static final class Connection {
        private final URI target;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(URI target) {
            this.target = target;
        }

        /** Sends one request and reads its whole response; the status, or -1 when the exchange failed. */
        int exchange(byte[] request) {
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    if (socket == null) {
                        socket = new Socket();
                        socket.setTcpNoDelay(true);
                        socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 5_000);
                        socket.setSoTimeout(60_000);
                        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                        out = socket.getOutputStream();
                    }
                    out.write(request);
                    out.flush();
                    return readResponse();
                } catch (IOException e) {
                    close();
                }
            }
            return -1;
        }

        private int readResponse() throws IOException {
            List<String> lines = new ArrayList<>();
            for (String h; !(h = line()).isEmpty(); ) {
                lines.add(h);
            }
            Head head = Head.of(lines);
            if (head.chunked()) {
                for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (head.length() > 0) {
                skip(head.length());
            }
            if (head.closing()) {
                close();
            }
            return head.status();
        }

        private String line() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (b != '\r') {
                    buf.write(b);
                }
            }
            return buf.toString(StandardCharsets.ISO_8859_1);
        }

        private void skip(long n) throws IOException {
            for (long left = n; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed mid-body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            socket = null;
        }
    }
}
