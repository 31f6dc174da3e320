package dev.calloutcomes.outcome;

import java.util.Objects;

/**
 * The decision of one classification rule.
 *
 * @param outcome how the call ended
 * @param reason the machine-readable name of the rule that decided, e.g. {@code disconnect_user_rejected}
 */
public record Classification(Outcome outcome, String reason) {
    public Classification {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }
}
