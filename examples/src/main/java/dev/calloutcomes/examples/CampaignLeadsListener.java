package dev.calloutcomes.examples;

import dev.calloutcomes.call.CallChange;
import dev.calloutcomes.call.OutcomeListener;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.OutcomeListener.UnitOfWork;
import org.jdbi.v3.core.Handle;

/**
 * Host integration, the seed's four-table update: when a call gets an outcome, update the host's
 * own {@code campaign_calls} and {@code leads} rows in the SAME transaction as our
 * {@code livekit_call_events} insert and {@code call_logs} update. If this listener throws, all four
 * tables roll back together and LiveKit's redelivery retries the event.
 *
 * <pre>{@code
 * CallOutcomes outcomes = CallOutcomes.builder()
 *     .store(JdbcOutcomeStore.builder().dataSource(hostDataSource).build())
 *     .listener(new CampaignLeadsListener())
 *     ...
 * }</pre>
 */
public final class CampaignLeadsListener implements OutcomeListener {
    @Override
    public void onCallUpdated(CallChange change, UnitOfWork work) {
        CallRecord call = change.after();
        if (!change.outcomeChanged() || call.attribution().leadId() == null) {
            return;
        }
        Handle handle = work.unwrap(Handle.class).orElseThrow(() ->
                new IllegalStateException("CampaignLeadsListener needs the JDBC store"));
        String outcome = call.verdict().outcome().wireName();
        int updated = handle.createUpdate("UPDATE campaign_calls SET outcome = :outcome, duration_seconds = :duration, "
                        + "call_id = :callId WHERE campaign_id = :campaign AND lead_id = :lead")
                .bind("outcome", outcome).bind("duration", call.timing().durationSeconds()).bind("callId", call.id())
                .bind("campaign", call.attribution().campaignId()).bind("lead", call.attribution().leadId()).execute();
        if (updated == 0) {
            handle.createUpdate("INSERT INTO campaign_calls (campaign_id, lead_id, call_id, outcome, duration_seconds) "
                            + "VALUES (:campaign, :lead, :callId, :outcome, :duration)")
                    .bind("outcome", outcome).bind("duration", call.timing().durationSeconds()).bind("callId", call.id())
                    .bind("campaign", call.attribution().campaignId()).bind("lead", call.attribution().leadId()).execute();
        }
        handle.createUpdate("UPDATE leads SET last_outcome = :outcome, attempts = attempts + 1 WHERE id = :lead")
                .bind("outcome", outcome).bind("lead", call.attribution().leadId()).execute();
    }
}
