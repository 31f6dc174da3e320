package dev.calloutcomes.outcome;

import java.util.Objects;

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
