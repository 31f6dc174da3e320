package dev.calloutcomes.internal;

import dev.calloutcomes.InvalidInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.fact.CallFact;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoredEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * Host-reported facts as events of their call: their type (none of LiveKit's, so that a webhook cannot forge one:
 * intake ignores it), their id (derived from tenant, call and the caller's fact id, so that a report is idempotent
 * and one tenant's ids never meet another's), their JSON. Not API.
 */
public final class FactEvents {
    public static final String TYPE = StoreTransaction.FACT_EVENT_TYPE;
    private static final ObjectMapper JSON = new ObjectMapper();

    private FactEvents() {
    }

    /** The stored event of {@code fact}, reported as {@code factId} for {@code call} at {@code at}. */
    public static StoredEvent of(CallRecord call, String factId, Instant at, CallFact fact) {
        String id = "fact-" + HexFormat.of().formatHex(Crypto.sha256((call.tenantId() + "\u0000" + call.id() + "\u0000" + factId)
                .getBytes(StandardCharsets.UTF_8))).substring(0, 40);
        ObjectNode root = JSON.createObjectNode().put("event", TYPE).put("id", id).put("createdAt", Long.toString(at.getEpochSecond()));
        root.set("fact", json(fact));
        byte[] body = root.toString().getBytes(StandardCharsets.UTF_8);
        return new StoredEvent(id, call.tenantId(), call.id(), TYPE, call.room().sid(), call.room().name(), EventStatus.PROCESSED, null,
                StoredEvent.encodePayload(body), at, at, 1);
    }

    /** {@code fact} as JSON: {@code {"type": ..., fields}}. */
    public static ObjectNode json(CallFact fact) {
        ObjectNode node = JSON.createObjectNode().put("type", fact.type());
        if (fact instanceof CallFact.DialResult d) {
            node.put("sipStatus", d.sipStatus());
            if (d.phrase() != null) {
                node.put("phrase", d.phrase());
            }
        } else if (fact instanceof CallFact.MachineDetection m) {
            node.put("verdict", m.verdict().wireName());
        } else if (fact instanceof CallFact.Answered a) {
            node.put("at", a.at().toString());
        } else if (fact instanceof CallFact.Transfer t) {
            node.put("completed", t.completed()).put("target", t.target());
            if (t.sipStatus() != null) {
                node.put("sipStatus", t.sipStatus());
            }
        } else if (fact instanceof CallFact.HangUp h) {
            node.put("side", h.side());
        } else if (fact instanceof CallFact.Transcript t) {
            node.put("text", t.text()).put("url", t.url()).put("language", t.language());
        } else if (fact instanceof CallFact.Analysis a) {
            try {
                node.set("analysis", JSON.readTree(a.json()));
            } catch (JsonProcessingException e) {
                throw new InvalidInputException("analysis must be a JSON object");
            }
        }
        return node;
    }

    /**
     * The fact a JSON object describes.
     *
     * @throws InvalidInputException naming the field that is missing or wrong
     */
    /** A fact as a host reports it over HTTP: the caller's id for it, and the fact. */
    public record Reported(String factId, CallFact fact) {
    }

    /**
     * The fact {@code json} reports: {@code {"id": ..., "type": ..., fields}}.
     *
     * @throws InvalidInputException naming what is missing or wrong (not JSON, not an object, no id, a wrong field)
     */
    public static Reported reported(byte[] json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new InvalidInputException("body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException("body must be a JSON object");
        }
        JsonNode id = node.get("id");
        if (id == null || !id.isTextual()) {
            throw new InvalidInputException("id is required: the caller's id for this fact, sent again on a retry");
        }
        return new Reported(id.asText(), parse(node));
    }

    public static CallFact parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException("fact must be a JSON object");
        }
        JsonNode type = node.get("type");
        String name = type != null && type.isTextual() ? type.asText() : null;
        if ("dial_result".equals(name)) {
            JsonNode status = node.get("sipStatus");
            if (status == null || !status.canConvertToInt() || !status.isIntegralNumber()) {
                throw new InvalidInputException("sipStatus must be a SIP status code from 100 to 699");
            }
            JsonNode phrase = node.get("phrase");
            if (phrase != null && !phrase.isNull() && !phrase.isTextual()) {
                throw new InvalidInputException("phrase must be a string");
            }
            return new CallFact.DialResult(status.asInt(), phrase == null || phrase.isNull() ? null : phrase.asText());
        }
        if ("machine_detection".equals(name)) {
            JsonNode verdict = node.get("verdict");
            return new CallFact.MachineDetection(CallFact.MachineDetection.Verdict.fromWireName(
                    verdict != null && verdict.isTextual() ? verdict.asText() : null));
        }
        if ("answered".equals(name)) {
            JsonNode at = node.get("at");
            try {
                return new CallFact.Answered(at != null && at.isTextual() ? Instant.parse(at.asText()) : null);
            } catch (DateTimeParseException e) {
                return new CallFact.Answered(null);
            }
        }
        if ("transfer".equals(name)) {
            JsonNode completed = node.get("completed");
            if (completed == null || !completed.isBoolean()) {
                throw new InvalidInputException("completed must be true or false");
            }
            JsonNode status = node.get("sipStatus");
            if (status != null && !status.isNull() && !status.isIntegralNumber()) {
                throw new InvalidInputException("sipStatus must be a SIP status code from 100 to 699");
            }
            return new CallFact.Transfer(completed.asBoolean(), string(node, "target"), status == null || status.isNull() ? null : status.asInt());
        }
        if ("hang_up".equals(name)) {
            return new CallFact.HangUp(string(node, "side"));
        }
        if ("transcript".equals(name)) {
            return new CallFact.Transcript(string(node, "text"), string(node, "url"), string(node, "language"));
        }
        if ("analysis".equals(name)) {
            JsonNode analysis = node.get("analysis");
            if (analysis == null || !analysis.isObject()) {
                throw new InvalidInputException("analysis must be a JSON object");
            }
            return new CallFact.Analysis(analysis.toString());
        }
        throw new InvalidInputException("type must be dial_result, machine_detection, answered, transfer, hang_up, transcript or analysis");
    }

    private static String string(JsonNode node, String field) {
        return JsonFields.text(node, field, InvalidInputException::new);
    }
}
