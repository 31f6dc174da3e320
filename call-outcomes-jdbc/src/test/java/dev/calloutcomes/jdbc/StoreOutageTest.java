package dev.calloutcomes.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.store.StoreUnavailableException;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.webhook.WebhookVerifiers;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A database that cannot be reached raises StoreUnavailableException and leaves nothing half-written. */
class StoreOutageTest {

    /** A hand-written stub: a DataSource whose connections can be cut. */
    static final class SwitchableDataSource implements DataSource {
        final DataSource target;
        final AtomicBoolean down = new AtomicBoolean();

        SwitchableDataSource(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down.get()) {
                throw new SQLTransientConnectionException("connection refused (test outage)", "08001");
            }
            return target.getConnection();
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            return null;
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    @Test
    void anUnreachableDatabaseIsUnavailableAndRecoveryProcessesTheRedelivery() {
        try (HikariDataSource ds = TestDatabases.H2.freshDataSource(2)) {
            SwitchableDataSource switchable = new SwitchableDataSource(ds);
            JdbcOutcomeStore store = JdbcOutcomeStore.builder().dataSource(switchable).build();
            CallOutcomes outcomes = CallOutcomes.builder().store(store).defaultTenant("acme")
                    .verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification()).build();
            WebhookRequest request = WebhookRequest.ofSingle(Map.of(), Fixtures.body("participant_left_busy"));

            switchable.down.set(true);
            assertThatThrownBy(() -> outcomes.handle(request)).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("08001");
            assertThatThrownBy(store::checkAvailable).isInstanceOf(StoreUnavailableException.class);

            switchable.down.set(false);
            assertThat(store.findEvent("EV_fxLeftBusy01")).as("nothing half-written").isEmpty();
            assertThat(outcomes.handle(request).status()).isEqualTo(dev.calloutcomes.WebhookResult.Status.PROCESSED);
        }
    }

    @Test
    void aStoreWithItsOwnPoolOnADeadServerFailsFastWithATypedException() {
        assertThatThrownBy(() -> JdbcOutcomeStore.builder().jdbcUrl("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1")
                .password("s3cret-pw").connectionTimeout(Duration.ofMillis(500)).build())
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageNotContaining("s3cret-pw");
    }
}
