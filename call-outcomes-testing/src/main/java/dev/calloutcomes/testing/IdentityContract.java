package dev.calloutcomes.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.store.StoredEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Identifiers compare byte for byte, a room instance is one call, and every field of a call survives the store. Part of {@link OutcomeStoreContract}, which a store's test extends.
 */
public interface IdentityContract extends StoreUnderTest {
    @Test
    default void eventIdsRoomNamesAndCallIdsThatDifferOnlyInCaseAccentsOrTrailingSpacesAreDistinct() {
        List<String> ids = List.of("EV_CaseTest", "EV_casetest", "EV_CaseTest ", "EV_C\u00e4seTest");
        for (String id : ids) {
            assertThat(inserted(event(id, null, "RM", "room"))).as("'" + id + "'").isTrue();
        }
        assertThat(ids).allSatisfy(id -> assertThat(store().findEvent(id)).get().extracting(StoredEvent::eventId).isEqualTo(id));
        store().inTransaction(tx -> tx.lockOrCreateCall(CallRecord.skeleton("call-Case", "t1", "RM_Case", "Room-Case", T0)));
        assertThat(store().findCall("t1", "call-Case")).isPresent();
        for (String lookalike : List.of("call-case", "call-Case ", "call-C\u00e4se")) {
            assertThat(store().findCall("t1", lookalike)).as(lookalike).isEmpty();
        }
        for (String room : List.of("room-case", "Room-Case ", "R\u00f3om-Case")) {
            assertThat(store().findCallByRoom("t1", null, room)).as(room).isEmpty();
            assertThat(inTxLookup(tx -> tx.findRoomOwner(null, room))).as(room).isEmpty();
        }
        assertThat(store().findCallByRoom("t1", "rm_case", null)).isEmpty();
        assertThat(store().findCallByRoom("t1", "RM_Case", null)).isPresent();
    }

    @Test
    default void twoInstancesOfOneRoomNameAreTwoCallsInAnyOrder() {
        CallOutcomes outcomes = service("acme");
        List<byte[]> first = SyntheticCalls.call("acme", 11, Outcome.COMPLETED, 1761741250L);
        List<byte[]> second = anotherInstance(SyntheticCalls.call("acme", 11, Outcome.BUSY, 1761741250L), "acme_11", "b");
        List<byte[]> all = new ArrayList<>(first);
        all.addAll(second);
        Collections.shuffle(all, new Random(11));
        all.forEach(body -> outcomes.handle(unsigned(body)));
        String room = roomOf(first.get(4));
        List<CallRecord> calls = store().queryCalls(CallQuery.forTenant("acme").withRoomName(room)).items();
        assertThat(calls).extracting((CallRecord call) -> call.room().sid()).containsExactlyInAnyOrder("RM_acme_11", "RM_acme_11b");
        CallRecord one = calls.stream().filter(c -> c.room().sid().equals("RM_acme_11")).findFirst().orElseThrow();
        CallRecord two = calls.stream().filter(c -> c.room().sid().equals("RM_acme_11b")).findFirst().orElseThrow();
        assertThat(one.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(two.verdict().outcome()).isEqualTo(Outcome.BUSY);
        assertThat(one.id()).isEqualTo(CallRecord.idForInstance("RM_acme_11"));
        assertThat(two.id()).isEqualTo(CallRecord.idForInstance("RM_acme_11b"));
        assertThat(store().findCallEvents("acme", one.id())).hasSize(first.size());
        assertThat(store().findCallEvents("acme", two.id())).hasSize(second.size());
    }

    @Test
    default void aCallAnEarlierVersionRecordedKeepsItsIdAndItsLaterEvents() {
        // Earlier versions named every call CallRecord.idFor(tenant, roomName), sid or not.
        List<byte[]> call = SyntheticCalls.call("acme", 14, Outcome.COMPLETED, 1761741250L);
        String room = roomOf(call.get(4));
        String oldId = CallRecord.idFor("acme", room);
        store().inTransaction(tx -> {
            CallRecord old = tx.lockOrCreateCall(CallRecord.skeleton(oldId, "acme", "RM_acme_14", room, T0));
            tx.upsertCall(CallRecord.builder().id(old.id()).tenantId("acme").status(CallStatus.IN_PROGRESS).roomSid("RM_acme_14")
                    .roomName(room).createdAt(old.createdAt()).updatedAt(old.updatedAt()).build());
            return null;
        });
        CallOutcomes outcomes = service("acme");
        call.forEach(body -> assertThat(outcomes.handle(unsigned(body)).callId()).isEqualTo(oldId));
        assertThat(store().findCall("acme", oldId).orElseThrow().verdict().outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(store().queryCalls(CallQuery.forTenant("acme").withRoomName(room)).items()).hasSize(1);
    }

    @Test
    default void everyFieldOfACallIsStoredAndReadBack() {
        // Fails when a field of CallRecord has no column (or is not read back): add it to every layer.
        CallRecord call = SampleCalls.everyField("every-field", T0);
        store().inTransaction(tx -> {
            tx.lockOrCreateCall(CallRecord.skeleton(call.id(), call.tenantId(), null, call.room().name(), T0));
            tx.upsertCall(call);
            return null;
        });
        CallRecord read = store().findCall("every-field", call.id()).orElseThrow();
        assertThat(read.withTimestamps(null, null)).isEqualTo(call.withTimestamps(null, null));
    }
}
