package dev.calloutcomes.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.call.ListenerFailedException;
import dev.calloutcomes.WebhookResult;
import dev.calloutcomes.call.CallRegistration;
import dev.calloutcomes.jdbc.JdbcOutcomeStore;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.webhook.WebhookVerifiers;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's four-table update commits and rolls back as one transaction. */
class CampaignLeadsListenerTest {
    private JdbcOutcomeStore store;
    private Jdbi jdbi;
    private final AtomicBoolean hostFails = new AtomicBoolean();

    @BeforeEach
    void database() {
        // The host's own database and Jdbi; the store shares the DataSource, not its Jdbi.
        org.h2.jdbcx.JdbcDataSource hostDataSource = new org.h2.jdbcx.JdbcDataSource();
        hostDataSource.setURL("jdbc:h2:mem:host" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        store = JdbcOutcomeStore.builder().dataSource(hostDataSource).build();
        jdbi = Jdbi.create(hostDataSource);
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE leads (id VARCHAR(64) PRIMARY KEY, last_outcome VARCHAR(16), attempts INT NOT NULL DEFAULT 0)");
            h.execute("CREATE TABLE campaign_calls (campaign_id VARCHAR(64), lead_id VARCHAR(64), call_id VARCHAR(64), "
                    + "outcome VARCHAR(16), duration_seconds INT)");
            h.execute("INSERT INTO leads (id) VALUES ('lead-7')");
        });
    }

    private CallOutcomes outcomes() {
        CampaignLeadsListener real = new CampaignLeadsListener();
        return CallOutcomes.builder().store(store).verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification())
                .listener((change, tx) -> {
                    real.onCallUpdated(change, tx);
                    if (hostFails.get() && change.outcomeChanged()) {
                        throw new IllegalStateException("host rejected the update");
                    }
                }).build();
    }

    private String text(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    private int number(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    private int count(String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one());
    }

    private int countEvents() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM \"livekit_call_events\"").mapTo(Integer.class).one());
    }

    @Test
    void updatesAllFourTablesInOneTransaction() {
        CallOutcomes outcomes = outcomes();
        outcomes.registerCall(CallRegistration.of("acme", Fixtures.ROOM_NAME).withCampaignId("spring").withLeadId("lead-7"));
        WebhookResult r = outcomes.handle(WebhookRequest.ofSingle(Map.of(), Fixtures.body("participant_left_busy")));
        assertThat(r.status()).isEqualTo(WebhookResult.Status.PROCESSED);
        Map<String, Object> row = jdbi.withHandle(h -> h.createQuery("SELECT * FROM campaign_calls").mapToMap().one());
        assertThat(row).containsEntry("outcome", "busy").containsEntry("lead_id", "lead-7").containsEntry("campaign_id", "spring");
        assertThat(text("SELECT last_outcome FROM leads")).isEqualTo("busy");
        assertThat(store.findCall("acme", r.callId()).orElseThrow().verdict().outcome().wireName()).isEqualTo("busy");
    }

    @Test
    void aFailingListenerLeavesNoTraceAndRedeliverySucceeds() {
        CallOutcomes outcomes = outcomes();
        outcomes.registerCall(CallRegistration.of("acme", Fixtures.ROOM_NAME).withCampaignId("spring").withLeadId("lead-7"));
        int eventsBefore = countEvents();
        hostFails.set(true);
        WebhookRequest busy = WebhookRequest.ofSingle(Map.of(), Fixtures.body("participant_left_busy"));
        assertThatThrownBy(() -> outcomes.handle(busy)).isInstanceOf(ListenerFailedException.class);
        assertThat(countEvents()).isEqualTo(eventsBefore);
        assertThat(store.findEvent("EV_fxLeftBusy01")).isEmpty();
        assertThat(count("campaign_calls")).isZero();
        assertThat(number("SELECT attempts FROM leads")).isZero();
        assertThat(store.findCallByRoom("acme", null, Fixtures.ROOM_NAME).orElseThrow().verdict().outcome()).isNull();

        hostFails.set(false);
        assertThat(outcomes.handle(busy).status()).isEqualTo(WebhookResult.Status.PROCESSED);
        assertThat(count("campaign_calls")).isEqualTo(1);
        assertThat(number("SELECT attempts FROM leads")).isEqualTo(1);
    }
}
