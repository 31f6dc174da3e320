package dev.calloutcomes.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calloutcomes.call.CallRecord;
import dev.calloutcomes.call.CallStatus;
import dev.calloutcomes.livekit.LiveKitEvent;
import dev.calloutcomes.livekit.LiveKitEventParser;
import dev.calloutcomes.maintenance.CallMaintenance;
import dev.calloutcomes.outcome.Outcome;
import dev.calloutcomes.outcome.OutcomeClassifier;
import dev.calloutcomes.testing.SyntheticCalls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SweptFactTest {
    private final LiveKitEventParser parser = LiveKitEventParser.defaults();
    private final CallProjector projector = new CallProjector(OutcomeClassifier.ofDefaults());
    private final CallRecord call = CallRecord.skeleton("call-1", "acme", "RM_acme_3", "room", Instant.parse("2026-12-01T00:00:00Z"));
    private final List<LiveKitEvent> events = SyntheticCalls.call("acme", 3, Outcome.COMPLETED, 1761741250L).stream()
            .map(parser::parse).toList();
    private final LiveKitEvent swept = parser.parse(SweptFact.of(call, Instant.parse("2026-12-01T02:00:00Z")).payloadBytes());

    @Test
    void theFactIsRecognisedAndIsNoCallEventOfItsOwn() {
        assertThat(SweptFact.is(swept)).isTrue();
        assertThat(swept.isCallEvent()).isFalse();
        assertThat(events).noneMatch(SweptFact::is);
    }

    @Test
    void withoutAFinalEventEveryOrderIsClosedBySweep() {
        // room_started and the callee's join: not final.
        Set<CallRecord> results = projectAllOrders(List.of(events.get(0), events.get(1), swept));
        assertThat(results).hasSize(1);
        CallRecord closed = results.iterator().next();
        assertThat(closed.status()).isEqualTo(CallStatus.ENDED);
        assertThat(closed.verdict().outcome()).isEqualTo(Outcome.FAILED);
        assertThat(closed.verdict().reason()).isEqualTo(CallMaintenance.NO_FINAL_EVENT);
        assertThat(closed.parties().phoneNumber()).as("the other facts still count").isEqualTo("+15550000003");
    }

    @Test
    void aFinalEventDecidesInEveryOrderAsIfThereHadBeenNoSweep() {
        List<LiveKitEvent> withFinal = List.of(events.get(0), events.get(1), events.get(2), swept);
        Set<CallRecord> results = projectAllOrders(withFinal);
        assertThat(results).hasSize(1);
        CallRecord withoutSweep = projector.project(call, withFinal.subList(0, 3));
        assertThat(results.iterator().next()).isEqualTo(withoutSweep);
        assertThat(withoutSweep.verdict().outcome()).isEqualTo(Outcome.COMPLETED);
    }

    private Set<CallRecord> projectAllOrders(List<LiveKitEvent> set) {
        Set<CallRecord> results = new HashSet<>();
        permute(new ArrayList<>(set), 0, results);
        return results;
    }

    private void permute(List<LiveKitEvent> list, int k, Set<CallRecord> results) {
        if (k == list.size()) {
            results.add(projector.project(call, List.copyOf(list)));
            List<LiveKitEvent> doubled = new ArrayList<>(list);
            doubled.addAll(list);
            results.add(projector.project(call, doubled));
            return;
        }
        for (int i = k; i < list.size(); i++) {
            java.util.Collections.swap(list, k, i);
            permute(list, k + 1, results);
            java.util.Collections.swap(list, k, i);
        }
    }
}
