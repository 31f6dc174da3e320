package dev.calloutcomes.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The load generator's default client: all connections on one thread and one selector, the way
 * wrk and pgbench drive theirs. {@link RawHttp}'s thread per connection costs a thread wake-up
 * per response; on a 2-core machine shared with the server that was about 27 us of CPU per request,
 * taken from the server being measured. Same contract as {@link RawHttp#run}: pre-serialized
 * requests, each sent once (once more on a new connection when its connection failed), latency from
 * the first byte written to the last byte read.
 */
final class NioHttp {
    private final URI target;
    private final byte[][] requests;
    private final int from;
    private final int count;
    private final long[] latencies;
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private int next;
    private int done;
    private int failures;

    private NioHttp(URI target, byte[][] requests, int from, int count) {
        this.target = target;
        this.requests = requests;
        this.from = from;
        this.count = count;
        this.latencies = new long[count];
    }

    /** Sends {@code requests[from .. from+count)} over {@code concurrency} keep-alive connections from one thread. */
    static RawHttp.Run run(URI target, byte[][] requests, int from, int count, int concurrency) throws IOException {
        return new NioHttp(target, requests, from, count).drive(concurrency);
    }

    private RawHttp.Run drive(int concurrency) throws IOException {
        long start = System.nanoTime();
        try (Selector selector = Selector.open()) {
            for (int c = 0; c < concurrency && next < count; c++) {
                new Connection(selector).send(next++);
            }
            while (done < count) {
                selector.select();
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    ((Connection) key.attachment()).ready(key);
                }
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        }
        return new RawHttp.Run(latencies, (System.nanoTime() - start) / 1e9, concurrency, failures, statuses);
    }

    private void finish(int request, int status, long began) {
        latencies[request] = System.nanoTime() - began;
        if (status / 100 != 2) {
            failures++;
            statuses.merge(status, 1, Integer::sum);
        }
        done++;
    }

    /** One keep-alive connection: at most one request in flight. */
    private final class Connection {
        private final Selector selector;
        private SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer out;
        private ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        private int request;
        private long began;
        private boolean retried;

        Connection(Selector selector) throws IOException {
            this.selector = selector;
            open();
        }

        private void open() throws IOException {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(new InetSocketAddress(target.getHost(), target.getPort()));
            channel.configureBlocking(false);
            key = channel.register(selector, SelectionKey.OP_READ, this);
            in.clear();
        }

        void send(int i) throws IOException {
            request = i;
            retried = false;
            began = System.nanoTime();
            write();
        }

        private void write() throws IOException {
            out = ByteBuffer.wrap(requests[from + request]);
            flush();
        }

        private void flush() throws IOException {
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void ready(SelectionKey k) throws IOException {
            try {
                if (k.isWritable()) {
                    flush();
                    return;
                }
                if (channel.read(in) < 0) {
                    throw new IOException("connection closed mid-response");
                }
                int[] response = Responses.parse(in);
                if (response == null) {
                    if (!in.hasRemaining()) {
                        in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
                    }
                    return;
                }
                finish(request, response[0], began);
                in.flip().position(response[1]);
                in.compact();
                if (response[2] == 1) {
                    reopen();
                }
                if (next < count) {
                    send(next++);
                }
            } catch (IOException e) {
                // As RawHttp does: the request gets one more try on a new connection, then counts as failed (-1).
                reopen();
                if (retried) {
                    finish(request, -1, began);
                    if (next < count) {
                        send(next++);
                    }
                } else {
                    retried = true;
                    write();
                }
            }
        }

        private void reopen() throws IOException {
            key.cancel();
            channel.close();
            open();
        }
    }

    /** Finds complete HTTP/1.1 responses in a read buffer. */
    static final class Responses {
        private Responses() {
        }

        /**
         * The first response in {@code buf}'s bytes [0, position): {status, its end, 1 if the server
         * closes the connection after it}; null while incomplete. Understands Content-Length and chunked bodies.
         */
        static int[] parse(ByteBuffer buf) {
            byte[] b = buf.array();
            int limit = buf.position();
            int headEnd = indexOf(b, 0, limit, "\r\n\r\n");
            if (headEnd < 0) {
                return null;
            }
            RawHttp.Head head = RawHttp.Head.of(List.of(new String(b, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n")));
            int bodyStart = headEnd + 4;
            long length = Math.max(0, head.length());
            int end = head.chunked() ? chunkedEnd(b, bodyStart, limit)
                    : (bodyStart + length <= limit ? (int) (bodyStart + length) : -1);
            return end < 0 ? null : new int[] {head.status(), end, head.closing() ? 1 : 0};
        }

        /** The end of a chunked body starting at {@code at}, or -1 while incomplete. */
        private static int chunkedEnd(byte[] b, int at, int limit) {
            while (true) {
                int lineEnd = indexOf(b, at, limit, "\r\n");
                if (lineEnd < 0) {
                    return -1;
                }
                String size = new String(b, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
                long n = Long.parseLong(size, 16);
                if (n == 0) {
                    int trailersEnd = indexOf(b, lineEnd, limit, "\r\n\r\n");
                    return trailersEnd < 0 ? -1 : trailersEnd + 4;
                }
                at = (int) (lineEnd + 2 + n + 2);
                if (at > limit) {
                    return -1;
                }
            }
        }

        private static int indexOf(byte[] b, int from, int limit, String s) {
            outer:
            for (int i = from; i <= limit - s.length(); i++) {
                for (int j = 0; j < s.length(); j++) {
                    if (b[i + j] != s.charAt(j)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
