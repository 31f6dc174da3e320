package dev.calloutcomes.webhook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The neutral view of an incoming webhook: its headers and the exact bytes of its body. HTTP
 * adapters build one per request; verifiers and the service read it. Header names are matched
 * without regard to case.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows only header names and the body size,
 * never a header value (header values carry tokens and signatures).
 */
public final class WebhookRequest {
    private final Map<String, List<String>> headers;
    private final byte[] body;

    private WebhookRequest(Map<String, List<String>> headers, byte[] body) {
        this.headers = headers;
        this.body = body;
    }

    /** A request with the given headers (name to values) and body bytes; both are copied. */
    public static WebhookRequest of(Map<String, ? extends List<String>> headers, byte[] body) {
        if (headers == null || body == null) {
            throw new IllegalArgumentException("headers and body must not be null");
        }
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null && values != null) {
                copy.merge(name, List.copyOf(values), (a, b) -> {
                    List<String> merged = new ArrayList<>(a);
                    merged.addAll(b);
                    return List.copyOf(merged);
                });
            }
        });
        return new WebhookRequest(Collections.unmodifiableMap(copy), body.clone());
    }

    /** A request with single-valued headers. */
    public static WebhookRequest ofSingle(Map<String, String> headers, byte[] body) {
        Map<String, List<String>> multi = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return of(multi, body);
    }

    /** The first value of the named header, if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of the named header, possibly empty. */
    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** A copy of the body bytes. */
    public byte[] body() {
        return body.clone();
    }

    /** The body bytes without copying; callers must not modify the array. */
    byte[] bodyUnsafe() {
        return body;
    }

    /** The body size in bytes. */
    public int bodyLength() {
        return body.length;
    }

    @Override
    public String toString() {
        return "WebhookRequest[headers=" + headers.keySet().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList()
                + ", bodyBytes=" + body.length + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookRequest other && headers.equals(other.headers) && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return 31 * headers.hashCode() + Arrays.hashCode(body);
    }
}
