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

    /** A rule that gives {@code outcome} (with its own disposition) with reason {@code name} whenever {@code when} holds. */
    static ClassificationRule of(String name, Outcome outcome, Predicate<CallEvidence> when) {
        Objects.requireNonNull(outcome, "outcome");
        return of(name, Disposition.of(outcome), when);
    }

    /** A rule that gives {@code disposition}, under its outcome, with reason {@code name} whenever {@code when} holds. */
    static ClassificationRule of(String name, Disposition disposition, Predicate<CallEvidence> when) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(disposition, "disposition");
        Objects.requireNonNull(when, "when");
        Outcome outcome = disposition.outcome();
        Optional<Classification> decision = Optional.of(Classification.of(disposition, name));
        return new ClassificationRule() {
            @Override
            public Optional<Classification> classify(CallEvidence evidence) {
                return when.test(evidence) ? decision : Optional.empty();
            }

            @Override
            public String toString() {
                return name + " -> " + outcome.wireName() + " (" + disposition.wireName() + ")";
            }
        };
    }

    /**
     * The decision of one classification rule.
     *
     * @param outcome how the call ended
     * @param reason the machine-readable name of the rule that decided, e.g. {@code disconnect_user_rejected}
     * @param disposition the finer account, one of the outcome's ({@link Disposition#outcome()})
     */
    public record Classification(Outcome outcome, String reason, Disposition disposition) {
        public Classification {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(disposition, "disposition");
            if (disposition.outcome() != outcome) {
                throw new IllegalArgumentException("disposition " + disposition.wireName() + " belongs to outcome "
                        + disposition.outcome().wireName() + ", not " + outcome.wireName());
            }
        }

        /** A decision with the outcome's own disposition ({@link Disposition#of}). */
        public Classification(Outcome outcome, String reason) {
            this(outcome, reason, outcome == null ? null : Disposition.of(outcome));
        }

        /** A decision of {@code disposition}, under its outcome. */
        public static Classification of(Disposition disposition, String reason) {
            return new Classification(disposition.outcome(), reason, disposition);
        }
    }
}
