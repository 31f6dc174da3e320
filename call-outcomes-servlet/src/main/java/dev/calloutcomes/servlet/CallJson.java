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
        m.put("direction", c.parties().direction() == null ? null : c.parties().direction().wireName());
        m.put("phoneNumber", c.parties().phoneNumber());
        m.put("duration", c.timing().durationSeconds());
        m.put("outcome", c.verdict().outcome() == null ? null : c.verdict().outcome().wireName());
        m.put("startedAt", c.timing().startedAt() == null ? null : c.timing().startedAt().toString());
        m.put("endedAt", c.timing().endedAt() == null ? null : c.timing().endedAt().toString());
        m.put("createdAt", c.createdAt() == null ? null : c.createdAt().toString());
        m.put("updatedAt", c.updatedAt() == null ? null : c.updatedAt().toString());
        m.put("status", c.status().wireName());
        m.put("reason", c.verdict().reason());
        m.put("disposition", c.verdict().disposition() == null ? null : c.verdict().disposition().wireName());
        m.put("ringSeconds", c.timing().ringSeconds());
        m.put("talkSeconds", c.timing().talkSeconds());
        m.put("agent", c.parties().agent());
        m.put("simulated", c.parties().simulated());
        m.put("recordingError", c.recording().error());
        m.put("carrierCallIds", StoredJson.of(c.parties().carrierCallIds()));
        m.put("hangUpBy", c.hostReport().hangUpBy());
        m.put("transferTarget", c.hostReport().transferTarget());
        m.put("transcript", c.hostReport().transcript());
        m.put("transcriptUrl", c.hostReport().transcriptUrl());
        m.put("transcriptLanguage", c.hostReport().transcriptLanguage());
        m.put("analysis", StoredJson.of(c.hostReport().analysis()));
        m.put("campaignId", c.attribution().campaignId());
        m.put("leadId", c.attribution().leadId());
        m.put("roomName", c.room().name());
        m.put("roomSid", c.room().sid());
        m.put("sipCallId", c.parties().sipCallId());
        m.put("trunkNumber", c.parties().trunkNumber());
        m.put("recordingUrl", c.recording().url());
        m.put("metadata", StoredJson.of(c.metadata()));
        m.put("ownerEvidence", c.ownership().evidence() == null ? null : c.ownership().evidence().wireName());
        m.put("ownerContested", c.ownership().contested());
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
