package dev.calloutcomes.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.store.EventStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a registration gives its call: the instance it binds, a registration during the call, campaign and lead. Part of {@link OutcomeStoreContract}, which a store's test extends.
 */
public interface RegistrationsContract extends StoreUnderTest {
    @Test
    default void aRegistrationBindsTheFirstInstanceAfterItAndARegistrationAfterThatCallTheNext() {
        CallOutcomes outcomes = service("acme");
        List<byte[]> first = SyntheticCalls.call("acme", 12, Outcome.COMPLETED, 1761741250L);
        List<byte[]> second = anotherInstance(SyntheticCalls.call("acme", 12, Outcome.NO_ANSWER, 1761741250L), "acme_12", "b");
        String room = roomOf(first.get(4));
        CallRecord registered = outcomes.registerCall(CallRegistration.of("acme", room).withCampaignId("monday"));
        assertThat(outcomes.registerCall(CallRegistration.of("acme", room).withCampaignId("monday").withLeadId("l-1")).id())
                .as("registering again before the call updates the registration").isEqualTo(registered.id());
        first.forEach(body -> outcomes.handle(unsigned(body)));
        CallRecord monday = store().findCall("acme", registered.id()).orElseThrow();
        assertThat(monday.room().sid()).isEqualTo("RM_acme_12");
        assertThat(monday.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(monday.attribution().leadId()).isEqualTo("l-1");

        CallRecord again = outcomes.registerCall(CallRegistration.of("acme", room).withCampaignId("tuesday"));
        assertThat(again.id()).as("the first call ended: a new registration").isNotEqualTo(registered.id());
        second.forEach(body -> outcomes.handle(unsigned(body)));
        CallRecord tuesday = store().findCall("acme", again.id()).orElseThrow();
        assertThat(tuesday.room().sid()).isEqualTo("RM_acme_12b");
        assertThat(tuesday.verdict().outcome()).isEqualTo(Outcome.NO_ANSWER);
        assertThat(tuesday.attribution().campaignId()).isEqualTo("tuesday");
        CallRecord mondayAfter = store().findCall("acme", registered.id()).orElseThrow();
        assertThat(mondayAfter.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(mondayAfter.attribution().campaignId()).isEqualTo("monday");
        assertThat(store().queryCalls(CallQuery.forTenant("acme").withRoomName(room)).items()).hasSize(2);
    }

    @Test
    default void aRegistrationDuringACallAppliesToThatCall() {
        CallOutcomes outcomes = service("acme");
        List<byte[]> call = SyntheticCalls.call("acme", 13, Outcome.COMPLETED, 1761741250L);
        outcomes.handle(unsigned(call.get(0)));
        outcomes.handle(unsigned(call.get(1)));
        CallRecord registered = outcomes.registerCall(CallRegistration.of("acme", roomOf(call.get(4))).withLeadId("lead-13"));
        assertThat(registered.id()).isEqualTo(CallRecord.idForInstance("RM_acme_13"));
        call.subList(2, call.size()).forEach(body -> outcomes.handle(unsigned(body)));
        CallRecord ended = store().findCall("acme", registered.id()).orElseThrow();
        assertThat(ended.attribution().leadId()).isEqualTo("lead-13");
        assertThat(ended.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(store().queryCalls(CallQuery.forTenant("acme").withRoomName(roomOf(call.get(4)))).items()).hasSize(1);
    }

    @Test
    default void roomMetadataGivesTenantCampaignAndVoicemailAndAdoptsEarlierEvents() {
        CallOutcomes outcomes = service(null);
        assertThat(outcomes.handle(unsigned(Fixtures.body("participant_left_answered_95s"))).status())
                .isEqualTo(WebhookResult.Status.UNATTRIBUTED);
        assertThat(store().findEvent("EV_fxLeftAnswrd").orElseThrow().status()).isEqualTo(EventStatus.FAILED);
        WebhookResult finished = outcomes.handle(unsigned(Fixtures.body("room_finished_voicemail_metadata")));
        assertThat(finished.status()).isEqualTo(WebhookResult.Status.PROCESSED);
        CallRecord call = store().findCall("tenant-fixture", finished.callId()).orElseThrow();
        assertThat(call.verdict().outcome()).isEqualTo(Outcome.VOICEMAIL);
        assertThat(call.attribution().campaignId()).isEqualTo("camp-42");
        assertThat(call.timing().durationSeconds()).as("from the adopted participant_left").isEqualTo(95L);
        assertThat(store().findEvent("EV_fxLeftAnswrd").orElseThrow().status()).isEqualTo(EventStatus.PROCESSED);
        assertThat(outcomes.handle(unsigned(Fixtures.body("room_started"))).callId()).isEqualTo(call.id());
    }

    @Test
    default void registeredCallsGiveTheirTenantCampaignAndLead() {
        CallOutcomes outcomes = service(null);
        CallRecord registered = outcomes.registerCall(CallRegistration.of("acme", Fixtures.ROOM_NAME)
                .withCampaignId("spring").withLeadId("lead-7").withDirection(CallDirection.OUTBOUND).withPhoneNumber("767-818-9426")
                .withMetadata("{\"crm\":\"x1\"}"));
        assertThat(registered.status()).isEqualTo(CallStatus.REGISTERED);
        assertThat(registered.parties().phoneNumber()).isEqualTo("+17678189426");
        WebhookResult result = outcomes.handle(unsigned(Fixtures.body("participant_left_busy")));
        assertThat(result.callId()).isEqualTo(registered.id());
        CallRecord call = store().findCall("acme", registered.id()).orElseThrow();
        assertThat(call.verdict().outcome()).isEqualTo(Outcome.BUSY);
        assertThat(call.attribution().campaignId()).isEqualTo("spring");
        assertThat(call.attribution().leadId()).isEqualTo("lead-7");
        assertThat(call.parties().direction()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(call.metadata()).contains("\"crm\":\"x1\"");
    }
}
