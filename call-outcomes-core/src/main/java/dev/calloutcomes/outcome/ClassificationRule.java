package dev.calloutcomes.outcome;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One rule of the {@link OutcomeClassifier}: given the evidence of an ended call, it decides an
 * outcome or abstains. Rules are tried in order; the first that decides wins. Implementations must be
 * thread-safe and deterministic.
 */
@FunctionalInterface
public interface ClassificationRule {
    /** The outcome this rule decides for {@code evidence}, or empty to let the next rule decide. */
    Optional<Classification> classify(CallEvidence evidence);

    /** A rule that gives {@code outcome} with reason {@code name} whenever {@code when} holds. */
    static ClassificationRule of(String name, Outcome outcome, Predicate<CallEvidence> when) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(when, "when");
        Optional<Classification> decision = Optional.of(new Classification(outcome, name));
        return new ClassificationRule() {
            @Override
            public Optional<Classification> classify(CallEvidence evidence) {
                return when.test(evidence) ? decision : Optional.empty();
            }

            @Override
            public String toString() {
                return name + " -> " + outcome.wireName();
            }
        };
    }
}
