package dev.calloutcomes.servlet;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.query.OutcomeStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The API's JSON shapes: the seed's call fields plus ours. */
final class CallJson {
    private CallJson() {
    }

    static Map<String, Object> call(CallRecord c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("userId", c.tenantId());
        m.put("direction", c.direction() == null ? null : c.direction().wireName());
        m.put("phoneNumber", c.phoneNumber());
        m.put("duration", c.durationSeconds());
        m.put("outcome", c.outcome() == null ? null : c.outcome().wireName());
        m.put("startedAt", c.startedAt() == null ? null : c.startedAt().toString());
        m.put("endedAt", c.endedAt() == null ? null : c.endedAt().toString());
        m.put("createdAt", c.createdAt() == null ? null : c.createdAt().toString());
        m.put("updatedAt", c.updatedAt() == null ? null : c.updatedAt().toString());
        m.put("status", c.status().wireName());
        m.put("reason", c.reason());
        m.put("disposition", c.disposition() == null ? null : c.disposition().wireName());
        m.put("ringSeconds", c.ringSeconds());
        m.put("talkSeconds", c.talkSeconds());
        m.put("agent", c.agent());
        m.put("simulated", c.simulated());
        m.put("recordingError", c.recordingError());
        m.put("carrierCallIds", StoredJson.of(c.carrierCallIds()));
        m.put("hangUpBy", c.hangUpBy());
        m.put("transferTarget", c.transferTarget());
        m.put("transcript", c.transcript());
        m.put("transcriptUrl", c.transcriptUrl());
        m.put("transcriptLanguage", c.transcriptLanguage());
        m.put("analysis", StoredJson.of(c.analysis()));
        m.put("campaignId", c.campaignId());
        m.put("leadId", c.leadId());
        m.put("roomName", c.roomName());
        m.put("roomSid", c.roomSid());
        m.put("sipCallId", c.sipCallId());
        m.put("trunkNumber", c.trunkNumber());
        m.put("recordingUrl", c.recordingUrl());
        m.put("metadata", StoredJson.of(c.metadata()));
        m.put("ownerEvidence", c.ownerEvidence() == null ? null : c.ownerEvidence().wireName());
        m.put("ownerContested", c.ownerContested());
        return m;
    }

    static Map<String, Object> stats(OutcomeStats stats) {
        List<Map<String, Object>> groups = stats.groups().stream().map(g -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", g.key());
            m.put("calls", g.calls());
            m.put("outcomes", g.outcomes());
            m.put("answerRate", g.answerRate());
            m.put("averageDurationSeconds", g.averageDurationSeconds());
            return m;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("groupBy", stats.groupBy().name().toLowerCase(Locale.ROOT));
        body.put("groups", groups);
        return body;
    }
}
