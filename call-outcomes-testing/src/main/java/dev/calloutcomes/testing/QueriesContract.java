package dev.calloutcomes.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.outcome.Disposition;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.CallPage;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.query.OutcomeStats;
import dev.calloutcomes.query.StatsQuery;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.webhook.WebhookVerifiers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Outcomes as recorded and as read back: the fixture call, queries, pages, stats, events by status. Part of {@link OutcomeStoreContract}, which a store's test extends.
 */
public interface QueriesContract extends StoreUnderTest {
    @Test
    default void recordsTheFixtureCallAnsweredFor95Seconds() {
        CallOutcomes outcomes = service("acme");
        for (String name : List.of("room_started", "participant_joined_sip_dialing", "participant_left_answered_95s",
                "participant_left_agent", "egress_ended_recording")) {
            assertThat(outcomes.handle(unsigned(Fixtures.body(name))).status()).isEqualTo(WebhookResult.Status.PROCESSED);
        }
        CallRecord call = store().findCallByRoom("acme", Fixtures.ROOM_SID, null).orElseThrow();
        assertThat(call.status()).isEqualTo(CallStatus.ENDED);
        assertThat(call.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(call.verdict().reason()).isEqualTo("duration_completed");
        assertThat(call.timing().durationSeconds()).isEqualTo(95L);
        assertThat(call.parties().phoneNumber()).isEqualTo("+17678189426");
        assertThat(call.parties().sipCallId()).isEqualTo("SCL_fxA8kPq3Zr2W");
        assertThat(call.parties().trunkNumber()).isEqualTo("+15105550000");
        assertThat(call.room().name()).isEqualTo(Fixtures.ROOM_NAME);
        assertThat(call.timing().startedAt()).isEqualTo(Instant.ofEpochMilli(1761741251456L));
        assertThat(call.timing().endedAt()).isEqualTo(Instant.ofEpochSecond(1761741346));
        assertThat(call.recording().url()).isEqualTo("https://recordings.example.com/calls/RM_fxT5hQk2Lm9P.ogg");
        assertThat(store().findCallEvents("acme", call.id())).hasSize(5).allMatch(e -> e.status() == EventStatus.PROCESSED);
    }

    @Test
    default void classifiesEachAlternativeEndingOfTheFixtureCall() {
        Map<String, Outcome> endings = Map.of("participant_left_busy", Outcome.BUSY, "participant_left_no_answer", Outcome.NO_ANSWER,
                "participant_left_trunk_failure", Outcome.FAILED, "participant_connection_aborted", Outcome.FAILED);
        endings.forEach((fixture, expected) -> {
            OutcomeStore fresh = anotherStore();
            CallOutcomes outcomes = CallOutcomes.builder().store(fresh).clock(clock()).defaultTenant("acme")
                    .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
            outcomes.handle(unsigned(Fixtures.body("participant_joined_sip_dialing")));
            WebhookResult result = outcomes.handle(unsigned(Fixtures.body(fixture)));
            assertThat(result.outcome()).as(fixture).isEqualTo(expected);
            assertThat(fresh.findCall("acme", result.callId()).orElseThrow().verdict().outcome()).as(fixture).isEqualTo(expected);
        });
    }

    @Test
    default void theAgentLeavingDoesNotDecideTheOutcome() {
        CallOutcomes outcomes = service("acme");
        outcomes.handle(unsigned(Fixtures.body("participant_joined_sip_dialing")));
        WebhookResult result = outcomes.handle(unsigned(Fixtures.body("participant_left_agent")));
        assertThat(result.outcome()).isNull();
        assertThat(store().findCall("acme", result.callId()).orElseThrow().status()).isEqualTo(CallStatus.DIALING);
    }

    @Test
    default void queriesFilterAndPageNewestFirstWithoutGapsOrRepeats() {
        CallOutcomes outcomes = service("acme");
        Outcome[] endings = Outcome.values();
        for (int n = 0; n < 23; n++) {
            for (byte[] body : SyntheticCalls.call("acme", n, endings[n % endings.length], 1761741250L + n * 600L)) {
                outcomes.handle(unsigned(body));
            }
        }
        outcomes.registerCall(CallRegistration.of("other", "sip-other"));
        List<CallRecord> seen = new ArrayList<>();
        CallQuery query = CallQuery.forTenant("acme").withLimit(5);
        CallPage page;
        do {
            page = store().queryCalls(query);
            seen.addAll(page.items());
            query = query.withCursor(page.next());
        } while (page.next() != null);
        assertThat(seen).hasSize(23).extracting(CallRecord::id).doesNotHaveDuplicates();
        assertThat(seen).isSortedAccordingTo((a, b) -> b.createdAt().compareTo(a.createdAt()));
        assertThat(store().queryCalls(CallQuery.forTenant("acme").withOutcome(Outcome.BUSY)).items())
                .hasSize(5).allMatch(c -> c.verdict().outcome() == Outcome.BUSY);
        assertThat(store().queryCalls(CallQuery.forTenant("acme").withDisposition(Disposition.REJECTED)).items())
                .as("USER_REJECTED: busy, or a refusal webhooks cannot tell from it").hasSize(5).allMatch(c -> c.verdict().disposition() == Disposition.REJECTED);
        assertThat(store().queryCalls(CallQuery.forTenant("acme").withDisposition(Disposition.BUSY)).items()).isEmpty();
        assertThat(store().queryCalls(CallQuery.forTenant("acme").withOutcome(Outcome.FAILED).withDisposition(Disposition.CARRIER_FAILURE))
                .items()).hasSize(4);
        assertThat(store().queryCalls(CallQuery.forTenant("acme").withCampaignId("camp-1")).items())
                .isNotEmpty().allMatch(c -> "camp-1".equals(c.attribution().campaignId()));
        assertThat(store().queryCalls(CallQuery.forTenant("acme").withPhoneNumber("+15550000003")).items()).hasSize(1);
        assertThat(store().queryCalls(CallQuery.forTenant("acme").withStatus(CallStatus.ENDED)).items()).hasSize(23);
        CallRecord third = seen.get(2);
        assertThat(store().queryCalls(CallQuery.forTenant("acme").withRoomName(third.room().name())).items()).containsExactly(third);
        assertThat(store().queryCalls(CallQuery.forTenant("acme").withRange(third.createdAt(), third.createdAt().plusMillis(1))).items())
                .containsExactly(third);
        assertThat(store().queryCalls(CallQuery.forTenant("acme").withDirection(CallDirection.INBOUND)).items()).isEmpty();
    }

    @Test
    default void statsCountOutcomesAnswerRateAndDuration() {
        CallOutcomes outcomes = service("acme");
        List<Outcome> endings = List.of(Outcome.COMPLETED, Outcome.COMPLETED, Outcome.BUSY, Outcome.NO_ANSWER);
        for (int n = 0; n < endings.size(); n++) {
            for (byte[] body : SyntheticCalls.call("acme", n, endings.get(n), 1761741250L)) {
                outcomes.handle(unsigned(body));
            }
        }
        // A simulated test call of the agent: left out unless asked for.
        for (byte[] body : SyntheticCalls.call("acme", 9, Outcome.COMPLETED, 1761741250L)) {
            outcomes.handle(unsigned(new String(body, StandardCharsets.UTF_8)
                    .replace("\"kind\":\"SIP\"", "\"kind\":\"SIP\",\"kindDetails\":[\"SIMULATION\"]").getBytes(StandardCharsets.UTF_8)));
        }
        StatsQuery q = new StatsQuery("acme", T0.minusSeconds(1), T0.plusSeconds(100_000), StatsQuery.GroupBy.OUTCOME);
        assertThat(store().stats(q.withSimulated()).groups()).filteredOn(g -> g.key().equals("completed")).singleElement()
                .extracting(OutcomeStats.Group::calls).isEqualTo(3L);
        OutcomeStats byOutcome = store().stats(q);
        assertThat(byOutcome.groups()).extracting(OutcomeStats.Group::key).containsExactly("busy", "completed", "no_answer");
        OutcomeStats byDisposition = store().stats(new StatsQuery("acme", q.from(), q.to(), StatsQuery.GroupBy.DISPOSITION));
        assertThat(byDisposition.groups()).extracting(OutcomeStats.Group::key).containsExactly("answered", "no_answer", "rejected");
        assertThat(byDisposition.groups().get(0).outcomes()).containsEntry("completed", 2L);
        assertThat(store().stats(new StatsQuery("acme", q.from(), q.to(), StatsQuery.GroupBy.AGENT)).groups())
                .extracting(OutcomeStats.Group::key).containsExactly("agent-0", "agent-1", "agent-2", "agent-3");
        assertThat(store().queryCalls(CallQuery.forTenant("acme").withAgent("agent-2")).items()).singleElement()
                .extracting((CallRecord call) -> call.verdict().outcome()).isEqualTo(Outcome.BUSY);
        OutcomeStats byDay = store().stats(new StatsQuery("acme", q.from(), q.to(), StatsQuery.GroupBy.DAY));
        assertThat(byDay.groups()).hasSize(1);
        OutcomeStats.Group day = byDay.groups().get(0);
        assertThat(day.key()).isEqualTo("2026-11-24");
        assertThat(day.calls()).isEqualTo(4);
        assertThat(day.outcomes()).containsEntry("completed", 2L).containsEntry("busy", 1L).containsEntry("no_answer", 1L);
        assertThat(day.answerRate()).isEqualTo(0.5);
        assertThat(day.averageDurationSeconds()).isEqualTo((40 + 41 + 8 + 30) / 4.0);
        assertThat(store().stats(new StatsQuery("acme", q.from(), q.to(), StatsQuery.GroupBy.CAMPAIGN)).groups())
                .extracting(OutcomeStats.Group::key).containsExactly("camp-0", "camp-1", "camp-2");
        assertThat(store().stats(new StatsQuery("acme", T0.plusSeconds(100_000), T0.plusSeconds(200_000), StatsQuery.GroupBy.DAY))
                .groups()).isEmpty();

        // Filtered as the call list is: one campaign, one agent, one direction; compared byte for byte.
        assertThat(store().stats(q.withCampaignId("camp-0")).groups()).extracting(OutcomeStats.Group::key)
                .containsExactly("completed", "no_answer");
        assertThat(store().stats(q.withCampaignId("CAMP-0")).groups()).isEmpty();
        assertThat(store().stats(q.withAgent("agent-2")).groups()).singleElement().extracting(OutcomeStats.Group::key).isEqualTo("busy");
        assertThat(store().stats(q.withAgent("agent-2").withCampaignId("camp-0")).groups()).isEmpty();
        for (CallDirection direction : CallDirection.values()) {
            long counted = store().stats(q.withDirection(direction)).groups().stream().mapToLong(OutcomeStats.Group::calls).sum();
            assertThat(counted).as(direction.wireName()).isEqualTo(store().queryCalls(CallQuery.forTenant("acme").withDirection(direction)
                    .withRange(q.from(), q.to())).items().stream().filter(c -> !c.parties().simulated()).count());
        }
    }

    @Test
    default void listsEventsByStatus() {
        CallOutcomes outcomes = service(null);
        outcomes.handle(unsigned(Fixtures.body("room_started")));
        outcomes.handle(unsigned("{\"event\":".getBytes()));
        assertThat(store().findEventsByStatus(EventStatus.FAILED, 10)).extracting(StoredEvent::eventId)
                .contains("EV_fxRoomStart1").anyMatch(id -> id.startsWith("malformed-"));
        assertThat(store().findEventsByStatus(EventStatus.PROCESSED, 10)).isEmpty();
        assertThat(store().countEventsByStatus(EventStatus.FAILED)).as("counted as listed")
                .isEqualTo(store().findEventsByStatus(EventStatus.FAILED, 10).size()).isEqualTo(2);
        assertThat(store().countEventsByStatus(EventStatus.PROCESSED)).isZero();
    }
}
