/**
 * How an outcome is decided: the {@link dev.calloutcomes.outcome.Outcome} values, the
 * {@link dev.calloutcomes.outcome.CallEvidence} a call's events add up to, and the classifier, an ordered
 * list of rules ({@link dev.calloutcomes.outcome.DefaultRules} and the host's own).
 */
package dev.calloutcomes.outcome;
