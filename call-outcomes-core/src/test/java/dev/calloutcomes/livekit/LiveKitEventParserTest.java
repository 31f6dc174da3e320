package dev.calloutcomes.livekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calloutcomes.livekit.LiveKitEvent.SipCallStatus;
import dev.calloutcomes.livekit.LiveKitEventParser.RoomNamePattern;
import dev.calloutcomes.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LiveKitEventParserTest {
    private final LiveKitEventParser parser = LiveKitEventParser.defaults();

    private LiveKitEvent parse(String fixture) {
        return parser.parse(Fixtures.body(fixture));
    }

    private LiveKitEvent parseJson(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesRoomStarted() {
        LiveKitEvent e = parse("room_started");
        assertThat(e.type()).isEqualTo("room_started");
        assertThat(e.eventType()).isEqualTo(LiveKitEventType.ROOM_STARTED);
        assertThat(e.id()).isEqualTo("EV_fxRoomStart1");
        assertThat(e.createdAt()).isEqualTo(Instant.ofEpochSecond(1761741250));
        assertThat(e.room().sid()).isEqualTo(Fixtures.ROOM_SID);
        assertThat(e.room().creationTime()).isEqualTo(Instant.ofEpochMilli(1761741250123L));
        assertThat(e.participant()).isNull();
        assertThat(e.isCallEvent()).isTrue();
        assertThat(e.facts().phoneNumber()).isEqualTo("+17678189426");
    }

    @Test
    void parsesSipParticipantAndItsFacts() {
        LiveKitEvent e = parse("participant_left_answered_95s");
        assertThat(e.participant().kind()).isEqualTo(ParticipantKind.SIP);
        assertThat(e.participant().state()).isEqualTo(LiveKitEvent.ParticipantState.DISCONNECTED);
        assertThat(e.participant().joinedAt()).isEqualTo(Instant.ofEpochMilli(1761741251456L));
        assertThat(e.participant().disconnectReason()).isEqualTo("CLIENT_INITIATED");
        assertThat(e.facts().sipCallId()).isEqualTo("SCL_fxA8kPq3Zr2W");
        assertThat(e.facts().trunkNumber()).isEqualTo("+15105550000");
        assertThat(e.facts().callStatus()).isEqualTo(SipCallStatus.HANGUP);
        assertThat(e.facts().phoneNumber()).isEqualTo("+17678189426");
    }

    @Test
    void parsesDialingJoinAbortAndAgent() {
        assertThat(parse("participant_joined_sip_dialing").facts().callStatus()).isEqualTo(SipCallStatus.DIALING);
        assertThat(parse("participant_connection_aborted").eventType()).isEqualTo(LiveKitEventType.PARTICIPANT_CONNECTION_ABORTED);
        LiveKitEvent agent = parse("participant_left_agent");
        assertThat(agent.participant().isAgent()).isTrue();
        assertThat(agent.facts().sipCallId()).isNull();
        assertThat(agent.facts().phoneNumber()).as("from the room-name pattern").isEqualTo("+17678189426");
    }

    @ParameterizedTest
    @ValueSource(strings = {"participant_left_busy", "participant_left_no_answer", "participant_left_trunk_failure"})
    void parsesEveryAlternativeEnding(String fixture) {
        LiveKitEvent e = parse(fixture);
        assertThat(e.type()).isEqualTo("participant_left");
        assertThat(e.participant().disconnectReason()).isIn("USER_REJECTED", "USER_UNAVAILABLE", "SIP_TRUNK_FAILURE");
    }

    @Test
    void parsesRoomMetadataIntoTenantCampaignAndVerdict() {
        LiveKitEvent e = parse("room_finished_voicemail_metadata");
        assertThat(e.room().metadataFields()).containsEntry("outcome", "voicemail");
        assertThat(e.facts().tenantHint()).isEqualTo("tenant-fixture");
        assertThat(e.facts().campaignId()).isEqualTo("camp-42");
    }

    /** The fixture's egress_ended (LiveKit's own SDK minted it) with {@code status} and, when not null, {@code results} instead of its file. */
    private LiveKitEvent egressEnded(String status, String results) {
        String json = new String(Fixtures.body("egress_ended_recording"), StandardCharsets.UTF_8)
                .replace("\"status\":\"EGRESS_COMPLETE\"", "\"status\":" + status);
        if (results != null) {
            json = json.substring(0, json.indexOf(",\"fileResults\"")) + "," + results + "}}";
        }
        return parseJson(json);
    }

    @Test
    void aRecordingIsTheLocationAnEgressNamesWhateverItsStatus() {
        assertThat(egressEnded("\"EGRESS_COMPLETE\"", null).facts().recordingUrl())
                .isEqualTo("https://recordings.example.com/calls/RM_fxT5hQk2Lm9P.ogg");
        assertThat(egressEnded("3", null).facts().recordingUrl()).as("the status as a number").isNotNull();
        assertThat(egressEnded("\"EGRESS_LIMIT_REACHED\"", null).facts().recordingUrl()).as("what it recorded up to its limit").isNotNull();
        // livekit/egress#1270: an egress that lost its room uploads the partial file, then ends EGRESS_FAILED.
        LiveKitEvent failed = egressEnded("\"EGRESS_FAILED\"", null);
        assertThat(failed.facts().recordingUrl()).isEqualTo("https://recordings.example.com/calls/RM_fxT5hQk2Lm9P.ogg");
        assertThat(failed.egress().status()).isEqualTo(LiveKitEvent.EgressStatus.EGRESS_FAILED);
        assertThat(failed.egress().failed()).isTrue();
        assertThat(egressEnded("\"EGRESS_ABORTED\"", null).facts().recordingUrl()).isNotNull();
        assertThat(egressEnded("4", "\"error\":\"upload failed\"").egress().error()).isEqualTo("upload failed");
        LiveKitEvent hls = egressEnded("\"EGRESS_COMPLETE\"",
                "\"segmentResults\":[{\"playlistName\":\"call.m3u8\",\"playlistLocation\":\"https://recordings.example.com/call.m3u8\"}]");
        assertThat(hls.facts().recordingUrl()).isEqualTo("https://recordings.example.com/call.m3u8");
        assertThatThrownBy(() -> egressEnded("\"EGRESS_COMPLETE\"", "\"segmentResults\":{}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("segmentResults");
    }

    @Test
    void parsesEgressWithNanosecondTimesAndRecordingUrl() {
        LiveKitEvent e = parse("egress_ended_recording");
        assertThat(e.room()).isNull();
        assertThat(e.roomSid()).isEqualTo(Fixtures.ROOM_SID);
        assertThat(e.roomName()).isEqualTo(Fixtures.ROOM_NAME);
        assertThat(e.egress().status()).isEqualTo(LiveKitEvent.EgressStatus.EGRESS_COMPLETE);
        assertThat(e.egress().startedAt()).isEqualTo(Instant.ofEpochSecond(1761741250));
        assertThat(e.egress().fileResults().get(0).duration()).isEqualTo(Duration.ofSeconds(95));
        assertThat(e.egress().fileResults().get(0).sizeBytes()).isEqualTo(1520344L);
        assertThat(e.facts().recordingUrl()).isEqualTo("https://recordings.example.com/calls/RM_fxT5hQk2Lm9P.ogg");
        assertThat(e.isCallEvent()).isTrue();
    }

    @Test
    void parsesTrackEventsButMarksThemIrrelevant() {
        LiveKitEvent e = parse("track_published_irrelevant");
        assertThat(e.type()).isEqualTo("track_published");
        assertThat(e.isCallEvent()).isFalse();
    }

    @Test
    void parsesTheSeedsIsoFormat() {
        LiveKitEvent e = parse("seed_example_participant_left");
        assertThat(e.id()).isEqualTo("evt_abc123");
        assertThat(e.createdAt()).isEqualTo(Instant.parse("2025-10-29T12:34:56Z"));
        assertThat(e.room().creationTime()).isEqualTo(Instant.parse("2025-10-29T12:34:10Z"));
        assertThat(e.participant().joinedAt()).isEqualTo(Instant.parse("2025-10-29T12:34:10Z"));
        assertThat(e.participant().kind()).as("zero value").isEqualTo(ParticipantKind.STANDARD);
    }

    @Test
    void participantKindsAreReadByNameOrNumberAndNewOnesAreUnknown() {
        String template = "{\"event\":\"participant_joined\",\"id\":\"E1\",\"room\":{\"name\":\"r\"},"
                + "\"participant\":{\"identity\":\"p\",\"kind\":%s,\"attributes\":{\"sip.callStatus\":\"%s\"}}}";
        assertThat(parseJson(String.format(template, "3", "ringing")).participant().kind()).isEqualTo(ParticipantKind.SIP);
        assertThat(parseJson(String.format(template, "3", "ringing")).facts().callStatus()).isEqualTo(SipCallStatus.RINGING);
        assertThat(parseJson(String.format(template, "4", "x")).participant().isAgent()).isTrue();
        assertThat(parseJson(String.format(template, "7", "x")).participant().kind()).isEqualTo(ParticipantKind.CONNECTOR);
        assertThat(parseJson(String.format(template, "\"CONNECTOR\"", "x")).participant().kind()).isEqualTo(ParticipantKind.CONNECTOR);
        assertThat(parseJson(String.format(template, "99", "x")).participant().kind()).isEqualTo(ParticipantKind.UNKNOWN);
        assertThat(parseJson(String.format(template, "\"HOLOGRAM\"", "x")).participant().kind()).isEqualTo(ParticipantKind.UNKNOWN);
        assertThat(parseJson(String.format(template, "\"SIP\"", "teleporting")).facts().callStatus()).isEqualTo(SipCallStatus.UNKNOWN);
        assertThat(parseJson(String.format(template, "\"SIP\"", "automation")).facts().callStatus().beforeAnswer()).isFalse();
    }

    @Test
    void eventTypesAreKnownByTheirExactWireNameOnly() {
        for (LiveKitEventType type : LiveKitEventType.values()) {
            if (type != LiveKitEventType.UNKNOWN) {
                assertThat(LiveKitEventType.of(type.wireName())).isEqualTo(type);
            }
        }
        assertThat(LiveKitEventType.of("Participant_Left")).isEqualTo(LiveKitEventType.UNKNOWN);
        assertThat(LiveKitEventType.of("participant_left ")).isEqualTo(LiveKitEventType.UNKNOWN);
        assertThat(LiveKitEventType.of(null)).isEqualTo(LiveKitEventType.UNKNOWN);
        LiveKitEvent upper = parseJson("{\"event\":\"ROOM_FINISHED\",\"id\":\"E1\",\"room\":{\"sid\":\"RM_1\",\"name\":\"r\"}}");
        assertThat(upper.isCallEvent()).isFalse();
    }

    @Test
    void acceptsPlainNumbersAndUnknownFieldsAndUnknownTypes() {
        LiveKitEvent e = parseJson("{\"event\":\"sip_dtmf_received\",\"id\":\"E1\",\"createdAt\":1761741250,\"future\":{\"x\":[1]}}");
        assertThat(e.type()).isEqualTo("sip_dtmf_received");
        assertThat(e.eventType()).isEqualTo(LiveKitEventType.UNKNOWN);
        assertThat(e.createdAt()).isEqualTo(Instant.ofEpochSecond(1761741250));
        assertThat(e.isCallEvent()).isFalse();
    }

    @Test
    void derivesFactsFromConfiguredKeysAndPatterns() {
        LiveKitEventParser custom = LiveKitEventParser.builder().defaultCountryCode("44")
                .roomNamePatterns(List.of(RoomNamePattern.of("^(?<tenant>[a-z]+)-(?<campaign>c\\d+)-(?<phone>\\d+)$")))
                .tenantKey("org").build();
        LiveKitEvent e = custom.parse(("{\"event\":\"room_started\",\"id\":\"E\",\"room\":{\"name\":\"acme-c7-07700900123\"}}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(e.facts().phoneNumber()).isEqualTo("+447700900123");
        assertThat(e.facts().campaignId()).isEqualTo("c7");
        assertThat(e.facts().tenantHint()).isEqualTo("acme");
    }

    @Test
    void rejectsNamesTooLongToStoreAndDropsOversizedFacts() {
        String longName = "r".repeat(256);
        assertThatThrownBy(() -> parseJson("{\"event\":\"room_started\",\"id\":\"x\",\"room\":{\"name\":\"" + longName + "\"}}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("too long");
        LiveKitEvent e = parseJson("{\"event\":\"room_finished\",\"id\":\"x\",\"room\":{\"name\":\"r\",\"metadata\":"
                + "\"{\\\"campaignId\\\":\\\"" + "c".repeat(300) + "\\\",\\\"leadId\\\":\\\"l1\\\"}\"}}");
        assertThat(e.facts().campaignId()).isNull();
        assertThat(e.facts().leadId()).isEqualTo("l1");
    }

    @Test
    void normalizesPhoneNumbers() {
        assertThat(parser.normalizePhone("(767) 818-9426")).isEqualTo("+17678189426");
        assertThat(parser.normalizePhone("+44 20 7946 0958")).isEqualTo("+442079460958");
        assertThat(parser.normalizePhone("0044 20 7946 0958")).isEqualTo("+442079460958");
        assertThat(parser.normalizePhone("sip:+17678189426@carrier")).isEqualTo("+17678189426");
        assertThat(parser.normalizePhone("17678189426")).isEqualTo("+17678189426");
        assertThat(parser.normalizePhone("call me")).isNull();
        assertThat(parser.normalizePhone("12")).isNull();
    }

    @Test
    void rejectsMalformedBodiesWithMessagesSayingWhat() {
        assertThatThrownBy(() -> parseJson("{\"event\":")).isInstanceOf(MalformedEventException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parseJson("")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> parseJson("[1,2]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> parseJson("{\"id\":\"x\"}")).hasMessageContaining("'event' is missing");
        assertThatThrownBy(() -> parseJson("{\"event\":\"room_started\"}")).hasMessageContaining("'id' is missing");
        assertThatThrownBy(() -> parseJson("{\"event\":7,\"id\":\"x\"}")).hasMessageContaining("'event' must be a string");
        assertThatThrownBy(() -> parseJson("{\"event\":\"room_started\",\"id\":\"x\",\"room\":\"r\"}"))
                .hasMessageContaining("'room' must be an object");
        assertThatThrownBy(() -> parseJson("{\"event\":\"room_started\",\"id\":\"x\",\"createdAt\":\"yesterday\"}"))
                .hasMessageContaining("'createdAt'");
        assertThatThrownBy(() -> parseJson("{\"event\":\"participant_left\",\"id\":\"x\",\"participant\":{\"attributes\":{\"a\":1}}}"))
                .hasMessageContaining("participant.attributes.a");
        assertThatThrownBy(() -> parseJson("{\"event\":\"egress_ended\",\"id\":\"x\",\"egressInfo\":{\"fileResults\":{}}}"))
                .hasMessageContaining("fileResults");
        assertThatThrownBy(() -> parseJson("{\"event\":\"room_started\",\"id\":\"x\",\"createdAt\":\"99999999999999999999\"}"))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> parseJson("{\"event\":\"room_started\",\"id\":\"x\"} trailing"))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> parseJson("[".repeat(5000))).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> parser.parse(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'})).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> parseJson("{\"event\":\"room_started\",\"id\":\"a\\u0000b\"}")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> parseJson("{\"event\":\"participant_left\",\"id\":\"x\",\"participant\":{\"attributes\":{\"k\":\"\\u0000\"}}}"))
                .hasMessageContaining("NUL");
        assertThat(parseJson("{\"event\":\"room_started\",\"id\":\"x\",\"room\":{\"name\":\"r\",\"metadata\":\"{\\\"campaignId\\\":\\\"\\\\u0000\\\"}\"}}")
                .facts().campaignId()).as("metadata holding NUL is ignored, not stored").isNull();
    }

    @Test
    void readsLiveKitsEnumsOnceByNameOrNumberAndNamesWhatIsNewerUnknown() {
        LiveKitEvent byNumber = parseJson("{\"event\":\"egress_ended\",\"id\":\"n\",\"egressInfo\":{\"roomName\":\"r\",\"status\":4},"
                + "\"participant\":{\"identity\":\"p\",\"state\":2}}");
        assertThat(byNumber.egress().status()).isEqualTo(LiveKitEvent.EgressStatus.EGRESS_FAILED);
        assertThat(byNumber.egress().failed()).isTrue();
        assertThat(byNumber.participant().state()).isEqualTo(LiveKitEvent.ParticipantState.ACTIVE);
        LiveKitEvent absent = parseJson("{\"event\":\"egress_ended\",\"id\":\"z\",\"egressInfo\":{\"roomName\":\"r\"},"
                + "\"participant\":{\"identity\":\"p\"}}");
        assertThat(absent.egress().status()).as("protojson omits the zero value").isEqualTo(LiveKitEvent.EgressStatus.EGRESS_STARTING);
        assertThat(absent.participant().state()).isEqualTo(LiveKitEvent.ParticipantState.JOINING);
        LiveKitEvent newer = parseJson("{\"event\":\"egress_ended\",\"id\":\"u\",\"egressInfo\":{\"roomName\":\"r\",\"status\":"
                + "\"EGRESS_PAUSED\"},\"participant\":{\"identity\":\"p\",\"state\":9}}");
        assertThat(newer.egress().status()).isEqualTo(LiveKitEvent.EgressStatus.UNKNOWN);
        assertThat(newer.egress().produced() || newer.egress().failed()).isFalse();
        assertThat(newer.participant().state()).isEqualTo(LiveKitEvent.ParticipantState.UNKNOWN);
        LiveKitEvent job = parseJson("{\"event\":\"agent_job_ended\",\"id\":\"j\",\"job\":{\"id\":\"AJ\",\"room\":{\"name\":\"r\"},"
                + "\"state\":{\"status\":3}}}");
        assertThat(job.agentJob().status()).isEqualTo(LiveKitEvent.JobStatus.JS_FAILED);
        assertThat(job.agentJob().failed()).isTrue();
    }
}
