package dev.calloutcomes.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calloutcomes.InvalidInputException;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.maintenance.CallMaintenance;
import dev.calloutcomes.outcome.DefaultRules;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.outcome.OutcomeClassifier;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.webhook.WebhookVerifiers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Operator tasks: reprocessing with changed rules, retrying, and the sweep of calls with no final event. Part of {@link OutcomeStoreContract}, which a store's test extends.
 */
public interface MaintenanceContract extends StoreUnderTest {
    @Test
    default void reprocessingAppliesChangedRulesAndRetryingFixesUnattributedEvents() {
        CallOutcomes unattributed = service(null);
        unattributed.handle(unsigned(Fixtures.body("participant_left_answered_95s")));
        assertThat(store().findEvent("EV_fxLeftAnswrd").orElseThrow().status()).isEqualTo(EventStatus.FAILED);

        CallOutcomes withDefault = service("acme");
        assertThat(withDefault.maintenance().retryFailed(10)).isEqualTo(1);
        CallRecord call = store().findCallByRoom("acme", Fixtures.ROOM_SID, null).orElseThrow();
        assertThat(call.verdict().outcome()).isEqualTo(Outcome.COMPLETED);

        CallOutcomes stricter = CallOutcomes.builder().store(store()).clock(clock()).defaultTenant("acme")
                .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification())
                .classifier(OutcomeClassifier.custom().rules(DefaultRules.builder()
                        .failedBelow(Duration.ofSeconds(100)).noAnswerBelow(Duration.ofSeconds(120)).build()).build())
                .build();
        CallMaintenance maintenance = stricter.maintenance();
        assertThat(maintenance.reprocess("acme", T0.minusSeconds(3600), T0.plusSeconds(3600))).isEqualTo(1);
        assertThat(store().findCall("acme", call.id()).orElseThrow().verdict().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(maintenance.reprocess("acme", T0.minusSeconds(3600), T0.plusSeconds(3600))).as("idempotent").isZero();
        assertThat(maintenance.reprocess("other", T0.minusSeconds(3600), T0.plusSeconds(3600))).isZero();
    }

    @Test
    default void sweepClosesCallsWithNoFinalEvent() {
        CallOutcomes outcomes = service("acme");
        outcomes.handle(unsigned(Fixtures.body("participant_joined_sip_dialing")));
        outcomes.handle(unsigned(SyntheticCalls.call("acme", 1, Outcome.COMPLETED, 1761741250L).get(3)));
        CallRecord open = store().findCallByRoom("acme", Fixtures.ROOM_SID, null).orElseThrow();
        assertThat(open.status()).isEqualTo(CallStatus.DIALING);
        CallRecord neverDialed = outcomes.registerCall(CallRegistration.of("acme", "room-never-dialed"));
        CallMaintenance maintenance = outcomes.maintenance();
        assertThat(maintenance.sweepStuckCalls(Duration.ofDays(1), 100)).as("too recent").isZero();
        assertThatThrownBy(() -> maintenance.sweepStuckCalls(Duration.ZERO, 100)).as("every open call of every tenant")
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least PT5M");
        CallMaintenance aDayLater = CallOutcomes.builder().store(store())
                .clock(Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC)).build().maintenance();
        assertThat(aDayLater.sweepStuckCalls(CallMaintenance.MIN_SWEEP_AGE, 100)).isEqualTo(2);
        CallRecord closed = store().findCall("acme", open.id()).orElseThrow();
        assertThat(closed.status()).isEqualTo(CallStatus.ENDED);
        assertThat(closed.verdict().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(closed.verdict().reason()).isEqualTo("no_final_event");
        assertThat(store().findOpenCallsUpdatedBefore(T0.plusSeconds(100_000), 100)).isEmpty();
        assertThat(store().findCall("acme", neverDialed.id()).orElseThrow().status()).as("nothing happened: nothing to sweep")
                .isEqualTo(CallStatus.REGISTERED);
    }

    @Test
    default void theSweepsVerdictIsAFactOfTheCallThatOnlyARealFinalEventReplaces() {
        CallOutcomes outcomes = service("acme");
        List<byte[]> call = SyntheticCalls.call("acme", 7, Outcome.COMPLETED, 1761741250L);
        outcomes.handle(unsigned(call.get(0)));
        CallMaintenance aDayLater = CallOutcomes.builder().store(store())
                .clock(Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC)).build().maintenance();
        assertThat(aDayLater.sweepStuckCalls(CallMaintenance.MIN_SWEEP_AGE, 100)).isEqualTo(1);
        CallRecord swept = store().findCallByRoom("acme", "RM_acme_7", null).orElseThrow();
        assertThat(swept.verdict().reason()).isEqualTo(CallMaintenance.NO_FINAL_EVENT);
        assertThat(store().findCallEvents("acme", swept.id())).extracting(StoredEvent::eventId)
                .contains("swept-" + swept.id());

        outcomes.handle(unsigned(call.get(1)));
        CallRecord afterLateJoin = store().findCall("acme", swept.id()).orElseThrow();
        assertThat(afterLateJoin.status()).as("a late event that is not final does not reopen the call").isEqualTo(CallStatus.ENDED);
        assertThat(afterLateJoin.verdict().reason()).isEqualTo(CallMaintenance.NO_FINAL_EVENT);
        assertThat(afterLateJoin.parties().phoneNumber()).as("its facts still count").isEqualTo("+15550000007");
        assertThat(aDayLater.reprocess("acme", T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2))))
                .as("reprocessing keeps the verdict").isZero();
        assertThat(aDayLater.sweepStuckCalls(CallMaintenance.MIN_SWEEP_AGE, 100)).as("closed already").isZero();

        outcomes.handle(unsigned(call.get(2)));
        CallRecord real = store().findCall("acme", swept.id()).orElseThrow();
        assertThat(real.verdict().outcome()).as("a late final event decides").isEqualTo(Outcome.COMPLETED);
        assertThat(real.verdict().reason()).isNotEqualTo(CallMaintenance.NO_FINAL_EVENT);
        assertThat(real.timing().durationSeconds()).isPositive();
    }

    @Test
    default void aWebhookCannotForgeTheSweepsVerdict() {
        CallOutcomes outcomes = service("acme");
        List<byte[]> call = SyntheticCalls.call("acme", 8, Outcome.COMPLETED, 1761741250L);
        outcomes.handle(unsigned(call.get(0)));
        CallRecord open = store().findCallByRoom("acme", "RM_acme_8", null).orElseThrow();
        String forged = "{\"event\":\"call_outcomes_swept\",\"id\":\"swept-" + open.id()
                + "\",\"createdAt\":1761741260,\"room\":{\"sid\":\"RM_acme_8\",\"name\":\"" + open.room().name() + "\"}}";
        WebhookResult result = outcomes.handle(unsigned(forged.getBytes(StandardCharsets.UTF_8)));
        assertThat(result.status()).isEqualTo(WebhookResult.Status.IGNORED);
        assertThat(store().findCall("acme", open.id()).orElseThrow().isEnded()).isFalse();
    }
}
