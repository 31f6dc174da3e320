package dev.calloutcomes.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON and RFC 9457 problem responses, and bounded body reads. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Http() {
    }

    static void json(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), body);
    }

    /** An {@code application/problem+json} response: a clear detail, never a secret or a stack trace. */
    static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), body);
    }

    /**
     * Reads and drops the request body (at most 8 × {@code max} bytes, as {@link #readAtMost} does)
     * before an early answer, so that the connection stays usable: a body left unread makes the
     * container close the connection, which a client may already be reusing for its next request.
     */
    static void discardBody(HttpServletRequest request, int max) throws IOException {
        readAtMost(request, max);
    }

    /**
     * Before an early answer to a request whose body is not worth reading (unauthenticated, throttled):
     * when it has a body, the connection closes after the answer and says so ({@code Connection: close}),
     * instead of the container closing a connection the client may already be reusing.
     */
    static void closeIfBodyUnread(HttpServletRequest request, HttpServletResponse response) {
        if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
            response.setHeader("Connection", "close");
        }
    }

    /**
     * The body, or null when it exceeds {@code max} bytes. Nothing beyond {@code max} is kept: the
     * rest of an oversized body is read and discarded (up to 8 × max, so that the client sees the
     * 413 instead of a reset connection), beyond that the connection is closed.
     */
    static byte[] readAtMost(HttpServletRequest request, int max) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > max) {
            discard(request.getInputStream(), declared <= 8L * max ? declared : 0);
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), max));
            byte[] buffer = new byte[8192];
            int total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > max) {
                    discard(in, 8L * max - total);
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static void discard(InputStream in, long atMost) throws IOException {
        byte[] sink = new byte[8192];
        for (long left = atMost; left > 0; ) {
            int n = in.read(sink, 0, (int) Math.min(sink.length, left));
            if (n < 0) {
                return;
            }
            left -= n;
        }
    }

    /** The path below the servlet's mount point, never null ("" for the mount point itself). */
    static String path(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.equals("/")) {
            return "";
        }
        return info.endsWith("/") ? info.substring(0, info.length() - 1) : info;
    }

    /**
     * Answers a TRACE request 405 (true), which a servlet's default would answer by echoing the request's headers,
     * its {@code Authorization} and {@code Cookie} among them (cross-site tracing); false for any other method.
     */
    static boolean refusedTrace(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"TRACE".equals(request.getMethod())) {
            return false;
        }
        response.setHeader("Allow", "GET, POST");
        problem(response, 405, "Method Not Allowed", "TRACE is not supported");
        return true;
    }

    static void tooManyRequests(HttpServletResponse response, long retryAfterSeconds) throws IOException {
        response.setHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
        problem(response, 429, "Too Many Requests", "rate limit exceeded; retry after " + Math.max(1, retryAfterSeconds) + " s");
    }
}
