package dev.calloutcomes.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.calloutcomes.call.CallDirection;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.call.OwnerEvidence;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.store.StoreTransaction;
import dev.calloutcomes.store.StoredEvent;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.testing.OutcomeStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The core's store contract on H2, PostgreSQL and MariaDB. */
class JdbcStoreContractTests {

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class OnDatabase extends OutcomeStoreContract {
        private final TestDatabases database;
        private HikariDataSource dataSource;

        OnDatabase(TestDatabases database) {
            this.database = database;
        }

        @BeforeAll
        void createDatabase() {
            database.assumeReachable();
            dataSource = database.freshDataSource(12);
            Migrations.of(dataSource).upgrade();
        }

        @AfterAll
        void closePool() {
            if (dataSource != null) {
                dataSource.close();
            }
        }

        @Override
        protected OutcomeStore createStore(Clock clock) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + database.quote("livekit_call_events"));
                s.execute("DELETE FROM " + database.quote("call_logs"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return JdbcOutcomeStore.builder().dataSource(dataSource).migrate(false).clock(clock).build();
        }
    }

    @Nested
    class H2 extends OnDatabase {
        H2() {
            super(TestDatabases.H2);
        }
    }

    @Nested
    class PostgreSql extends OnDatabase {
        PostgreSql() {
            super(TestDatabases.POSTGRESQL);
        }

        private static StoredEvent attached(String id, String callId) {
            return new StoredEvent(id, "acme", callId, "room_started", null, "room", EventStatus.PROCESSED, null, "{}",
                    T0, T0, 1);
        }

        private void storeCall1WithEvent1() {
            store.inTransaction(tx -> {
                tx.lockOrCreateCall(CallRecord.skeleton("call-1", "acme", null, "room", T0));
                return tx.insertEventIfAbsent(attached("E1", "call-1"));
            });
        }

        /** Asserts that {@code work}, with writes held back, fails at the commit with a conflict. */
        private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> failsDeferred(
                Function<StoreTransaction, Object> work) {
            return assertThatThrownBy(() -> store.inTransaction(tx -> {
                tx.deferWrites();
                return work.apply(tx);
            })).isInstanceOf(HeldWrites.ConflictException.class);
        }

        @Test
        void aDeferredInsertThatMeetsAStoredEventFailsTheWholeUnitOfWork() {
            storeCall1WithEvent1();
            failsDeferred(tx -> {
                tx.lockOrCreateCall(CallRecord.skeleton("call-2", "acme", null, "room-2", T0));
                // Held back, so assumed new: the conflict shows when the writes are sent.
                assertThat(tx.insertEventIfAbsent(attached("E2", "call-2"))).isTrue();
                return tx.insertEventIfAbsent(attached("E1", "call-2"));
            }).hasMessageContaining("event E1");
            assertThat(store.findCall("acme", "call-2")).isEmpty();
            assertThat(store.findEvent("E2")).isEmpty();
            assertThat(store.findEvent("E1")).get().extracting(StoredEvent::callId).isEqualTo("call-1");
        }

        @Test
        void aDeferredCallInsertThatMeetsAStoredCallFailsTheUnitOfWorkWhereAnUndeferredOneLocksIt() {
            store.inTransaction(tx -> tx.lockOrCreateCall(CallRecord.skeleton("call-1", "acme", null, "room", T0)));
            // Not looked up first, so not known to exist: its insert is held back.
            failsDeferred(tx -> tx.lockOrCreateCall(CallRecord.skeleton("call-1", "acme", null, "room", T0)))
                    .hasMessageContaining("call call-1");
            CallRecord locked = store.inTransaction(tx -> tx.lockOrCreateCall(CallRecord.skeleton("call-1", "acme", null, "room", T0)));
            assertThat(locked.createdAt()).isEqualTo(store.findCall("acme", "call-1").orElseThrow().createdAt());
        }

        @Test
        void aNewCallAndItsOneEventAreStoredTogetherOrNotAtAll() {
            storeCall1WithEvent1();
            // The event is stored already: the new call is not stored either.
            failsDeferred(tx -> {
                tx.lockOrCreateCall(CallRecord.skeleton("call-2", "acme", null, "room-2", T0));
                return tx.insertEventIfAbsent(attached("E1", "call-2"));
            }).hasMessageContaining("call call-2 with event E1");
            assertThat(store.findCall("acme", "call-2")).isEmpty();
            // The call is stored already (not looked up, so its insert was held): the new event is not stored.
            failsDeferred(tx -> {
                tx.lockOrCreateCall(CallRecord.skeleton("call-1", "acme", null, "room", T0));
                return tx.insertEventIfAbsent(attached("E3", "call-1"));
            }).hasMessageContaining("call call-1 with event E3");
            assertThat(store.findEvent("E3")).isEmpty();
            // Neither is stored: both are, the event attached to the call, with the call as last written.
            store.inTransaction(tx -> {
                tx.deferWrites();
                CallRecord call = tx.lockOrCreateCall(CallRecord.skeleton("call-4", "acme", "RM_4", "room-4", T0));
                StoredEvent e4 = attached("E4", "call-4");
                tx.insertEventIfAbsent(new StoredEvent(e4.eventId(), e4.tenantId(), e4.callId(), e4.eventType(), e4.roomSid(),
                        e4.roomName(), e4.status(), null, e4.payload(), T0, T0, 1, "acme"));
                tx.upsertCall(call.toBuilder().status(CallStatus.RINGING).direction(CallDirection.OUTBOUND).phoneNumber("+15550100")
                        .campaignId("camp-1").leadId("lead-1").startedAt(T0).metadata("{\"k\":\"v\"}")
                        .ownerEvidence(OwnerEvidence.ROOM_METADATA).ownerContested(true).ringSeconds(12L).talkSeconds(30L)
                        .agent("agent-7").simulated(true).recordingError("failed: no space")
                        .carrierCallIds("{\"sip.twilio.callSid\":\"CA1\"}").hangUpBy("system").transferTarget("sip:desk@example.com")
                        .transcript("Hello, this is Ana. ¿Hablas español? 你好").transcriptUrl("s3://t/1.txt").transcriptLanguage("en-US")
                        .analysis("{\"sentiment\":\"positive\"}").build());
                return null;
            });
            assertThat(store.findCall("acme", "call-4")).get().satisfies(c -> {
                assertThat(c.status()).isEqualTo(CallStatus.RINGING);
                assertThat(c.attribution().campaignId()).isEqualTo("camp-1");
                assertThat(c.metadata()).isEqualTo("{\"k\":\"v\"}");
                assertThat(c.timing().startedAt()).isEqualTo(T0);
                assertThat(c.ownership().evidence()).isEqualTo(OwnerEvidence.ROOM_METADATA);
                assertThat(c.ownership().contested()).isTrue();
                assertThat(c.timing().ringSeconds()).isEqualTo(12L);
                assertThat(c.timing().talkSeconds()).isEqualTo(30L);
                assertThat(c.parties().agent()).isEqualTo("agent-7");
                assertThat(c.parties().simulated()).isTrue();
                assertThat(c.recording().error()).isEqualTo("failed: no space");
                assertThat(c.parties().carrierCallIds()).isEqualTo("{\"sip.twilio.callSid\":\"CA1\"}");
                assertThat(c.hostReport().hangUpBy()).isEqualTo("system");
                assertThat(c.hostReport().transferTarget()).isEqualTo("sip:desk@example.com");
                assertThat(c.hostReport().transcript()).as("any text, byte for byte").isEqualTo("Hello, this is Ana. ¿Hablas español? 你好");
                assertThat(c.hostReport().transcriptUrl()).isEqualTo("s3://t/1.txt");
                assertThat(c.hostReport().transcriptLanguage()).isEqualTo("en-US");
                assertThat(c.hostReport().analysis()).isEqualTo("{\"sentiment\":\"positive\"}");
            });
            assertThat(store.findEvent("E4")).get().satisfies(e -> {
                assertThat(e.callId()).isEqualTo("call-4");
                assertThat(e.status()).isEqualTo(EventStatus.PROCESSED);
                assertThat(e.createdAt()).isEqualTo(T0);
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.keyTenantId()).isEqualTo("acme");
            });
        }

        @Test
        void aHeldAttachOfAnEventThatIsNotStoredFailsTheUnitOfWork() {
            StoredEvent ghost = new StoredEvent("ghost", null, null, "room_started", null, "room", EventStatus.PENDING, null,
                    "{}", T0, T0, 0);
            failsDeferred(tx -> {
                tx.prefetchRooms(java.util.List.of(ghost));
                tx.lockOrCreateCall(CallRecord.skeleton("call-1", "acme", null, "room", T0));
                tx.attachEvent("acme", "call-1", ghost);
                return null;
            }).hasMessageContaining("event ghost");
            assertThat(store.findCall("acme", "call-1")).isEmpty();
        }

        @Test
        void aListenersStatementsSeeTheWritesHeldBackBeforeThem() {
            long seen = store.inTransaction(tx -> {
                tx.deferWrites();
                tx.lockOrCreateCall(CallRecord.skeleton("call-1", "acme", null, "room", T0));
                tx.insertEventIfAbsent(attached("E1", "call-1"));
                Handle handle = tx.unwrap(Handle.class).orElseThrow();
                return handle.createQuery("SELECT count(*) FROM \"call_logs\" c JOIN \"livekit_call_events\" e "
                        + "ON e.\"callLogId\" = c.id WHERE c.id = 'call-1'").mapTo(Long.class).one();
            });
            assertThat(seen).isEqualTo(1);
        }
    }

    @Nested
    class MariaDb extends OnDatabase {
        MariaDb() {
            super(TestDatabases.MARIADB);
        }
    }
}
