package dev.calloutcomes.livekit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Typed reads of protojson fields; every wrong type becomes a {@link MalformedEventException}. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    static JsonNode read(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new MalformedEventException("body is empty");
            }
            return node;
        } catch (IOException e) {
            throw new MalformedEventException("body is not valid JSON: " + firstLine(e instanceof JsonProcessingException jp ? jp.getOriginalMessage() : e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    static JsonNode object(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new MalformedEventException("field '" + path + "' must be an object");
        }
        return node;
    }

    static String text(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new MalformedEventException("field '" + path + "' must be a string");
        }
        return noNul(node.textValue(), path);
    }

    /** Databases cannot store NUL in text (PostgreSQL rejects it), so a string holding one is malformed input. */
    private static String noNul(String value, String path) {
        if (value.indexOf('\u0000') >= 0) {
            throw new MalformedEventException("field '" + path + "' contains a NUL character");
        }
        return value;
    }

    /** A protojson int64: a decimal string or a JSON integer. */
    static Long int64(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.textValue());
            } catch (NumberFormatException e) {
                throw new MalformedEventException("field '" + path + "' must be a 64-bit integer");
            }
        }
        throw new MalformedEventException("field '" + path + "' must be a 64-bit integer");
    }

    /**
     * The earliest time an event may carry: no LiveKit server ran before 2000. An earlier one (a
     * {@code joinedAt} of 1, say) is bad input, not a call that lasted half a century.
     */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Times from 2100 on are bad input too: with both bounds, every duration fits the schema's INT seconds. */
    static final Instant END = Instant.parse("2100-01-01T00:00:00Z");

    /** Seconds since the epoch (protojson) or an ISO-8601 timestamp (the seed's format). */
    static Instant seconds(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node != null && node.isTextual() && !node.textValue().isEmpty() && !isDigits(node.textValue())) {
            try {
                return plausible(OffsetDateTime.parse(node.textValue()).toInstant(), path);
            } catch (DateTimeParseException e) {
                throw new MalformedEventException("field '" + path + "' must be epoch seconds or an ISO-8601 timestamp");
            }
        }
        Long value = int64(parent, field, path);
        if (value == null || value == 0) {
            return null;
        }
        return plausible(value, 1L, path);
    }

    static Instant millis(JsonNode parent, String field, String path) {
        Long value = int64(parent, field, path);
        return value == null || value == 0 ? null : plausible(value, 1_000L, path);
    }

    static Instant nanos(JsonNode parent, String field, String path) {
        Long value = int64(parent, field, path);
        return value == null || value == 0 ? null : plausible(value, 1_000_000_000L, path);
    }

    static Duration nanosDuration(JsonNode parent, String field, String path) {
        Long value = int64(parent, field, path);
        return value == null ? null : Duration.ofNanos(value);
    }

    /** {@code value} in units of 1 / {@code perSecond} s since the epoch, when plausible (no overflow: 2100 in nanoseconds fits a long). */
    private static Instant plausible(long value, long perSecond, String path) {
        if (value < EARLIEST.getEpochSecond() * perSecond || value >= END.getEpochSecond() * perSecond) {
            throw implausible(path);
        }
        return Instant.ofEpochSecond(value / perSecond, (value % perSecond) * (1_000_000_000L / perSecond));
    }

    private static Instant plausible(Instant instant, String path) {
        if (instant.isBefore(EARLIEST) || !instant.isBefore(END)) {
            throw implausible(path);
        }
        return instant;
    }

    private static MalformedEventException implausible(String path) {
        return new MalformedEventException("field '" + path + "' is not a plausible time: it must lie in [" + EARLIEST + ", " + END + ")");
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && !(i == 0 && c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** A map of string to string (protobuf {@code map<string,string>}). */
    static Map<String, String> stringMap(JsonNode parent, String field, String path) {
        JsonNode node = object(parent, field, path);
        if (node == null) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new MalformedEventException("field '" + path + "." + e.getKey() + "' must be a string");
            }
            map.put(noNul(e.getKey(), path), noNul(e.getValue().textValue(), path + "." + e.getKey()));
        }
        return Map.copyOf(map);
    }

    /** The top-level scalar fields of {@code text} when it is a JSON object; empty otherwise (metadata is free-form). */
    static Map<String, String> scalarFields(String text) {
        if (text == null || text.isBlank() || text.charAt(0) != '{' || text.contains("\\u0000")) {
            return Map.of();
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            Map<String, String> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    map.put(e.getKey(), e.getValue().asText());
                }
            });
            return Map.copyOf(map);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /** {@code value}, or null when it is longer than {@code max}: facts that do not fit are dropped, not truncated. */
    static String fit(String value, int max) {
        return value == null || value.length() > max ? null : value;
    }

    /** protojson writes enums by name; numbers are accepted too (zero value when absent). */
    static String enumName(JsonNode parent, String field, String path, String zero) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return zero;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.asInt() == 0 ? zero : node.asText();
        }
        throw new MalformedEventException("field '" + path + "' must be an enum name");
    }

    /**
     * The constant of a protobuf enum that {@code nameOrNumber} names ({@link #enumName}'s result): by name, or by its
     * number when the enum's constants are declared in the proto's order; {@code unknown} for a value newer than us.
     */
    static <E extends Enum<E>> E protoEnum(Class<E> type, String nameOrNumber, E unknown) {
        Enum<?>[] constants = CONSTANTS.get(type);
        if (!nameOrNumber.isEmpty() && nameOrNumber.length() < 3 && nameOrNumber.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(nameOrNumber);
            return n < unknown.ordinal() ? type.cast(constants[n]) : unknown;
        }
        Enum<?> named = BY_NAME.get(type).get(nameOrNumber);
        return named == null || named == unknown ? unknown : type.cast(named);
    }

    /** Each enum's constants and names, computed once per enum type (getEnumConstants copies its array each call). */
    private static final ClassValue<Enum<?>[]> CONSTANTS = new ClassValue<>() {
        @Override
        protected Enum<?>[] computeValue(Class<?> type) {
            return (Enum<?>[]) type.getEnumConstants();
        }
    };
    private static final ClassValue<Map<String, Enum<?>>> BY_NAME = new ClassValue<>() {
        @Override
        protected Map<String, Enum<?>> computeValue(Class<?> type) {
            Map<String, Enum<?>> byName = new HashMap<>();
            for (Enum<?> constant : CONSTANTS.get(type)) {
                byName.put(constant.name(), constant);
            }
            return Map.copyOf(byName);
        }
    };
}
