package dev.calloutcomes.outcome;

import static dev.calloutcomes.internal.Checks.require;

import dev.calloutcomes.outcome.ClassificationRule.Classification;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Classifies ended calls by an ordered list of {@link ClassificationRule}s: the first rule that
 * decides wins. A call that has not ended gets no outcome. Immutable and thread-safe.
 *
 * <pre>{@code
 * OutcomeClassifier classifier = OutcomeClassifier.custom()
 *     .addFirst(ClassificationRule.of("vip_hangup", Outcome.COMPLETED, e -> ...))
 *     .build();
 * }</pre>
 */
public final class OutcomeClassifier {
    static final Classification FALLBACK = new Classification(Outcome.FAILED, "no_rule_matched");
    private final List<ClassificationRule> rules;

    private OutcomeClassifier(List<ClassificationRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The {@link DefaultRules#standard() default rules}. */
    public static OutcomeClassifier ofDefaults() {
        return new OutcomeClassifier(DefaultRules.standard());
    }

    /** A builder starting from the default rules. */
    public static Builder custom() {
        return new Builder(DefaultRules.standard());
    }

    /** A builder starting from this classifier's rules. */
    public static Builder from(OutcomeClassifier base) {
        return new Builder(base.rules);
    }

    /** The outcome of an ended call (a fallback of failed / {@code no_rule_matched} when no rule decides); empty while it runs. */
    public Optional<Classification> classify(CallEvidence evidence) {
        if (!evidence.ended()) {
            return Optional.empty();
        }
        for (ClassificationRule rule : rules) {
            Optional<Classification> decision = rule.classify(evidence);
            if (decision.isPresent()) {
                return decision;
            }
        }
        return Optional.of(FALLBACK);
    }

    /** The rules in the order they are tried. */
    public List<ClassificationRule> rules() {
        return rules;
    }

    /** Builds an {@link OutcomeClassifier}. Not thread-safe. */
    public static final class Builder {
        private final List<ClassificationRule> rules;

        private Builder(List<ClassificationRule> rules) {
            this.rules = new ArrayList<>(rules);
        }

        /** Replaces all rules. */
        public Builder rules(List<ClassificationRule> replacement) {
            require(replacement != null && replacement.stream().noneMatch(Objects::isNull), "rules", replacement, "must be a list without nulls");
            rules.clear();
            rules.addAll(replacement);
            return this;
        }

        /** Puts a rule before all others. */
        public Builder addFirst(ClassificationRule rule) {
            require(rule != null, "rule", null, "must not be null");
            rules.add(0, rule);
            return this;
        }

        /** Puts a rule after all others (it decides only what no other rule did). */
        public Builder addLast(ClassificationRule rule) {
            require(rule != null, "rule", null, "must not be null");
            rules.add(rule);
            return this;
        }

        public OutcomeClassifier build() {
            return new OutcomeClassifier(rules);
        }
    }
}
