package dev.calloutcomes.internal.engine;

import dev.calloutcomes.call.OwnerEvidence;
import java.time.Instant;
import java.util.Comparator;

/**
 * What one event says about its call's owner: the kind of evidence and the tenant it names. Evidence is
 * ordered strongest first: by kind ({@link OwnerEvidence}'s order), then the earliest event (LiveKit's
 * {@code createdAt}; none counts as latest), then the smallest event id. The first of a call's events in this
 * order names its owner, so the owner is a function of the set of events, whatever order they arrive in.
 */
record Evidence(OwnerEvidence kind, String tenant, Instant createdAt, String eventId) {
    static final Comparator<Evidence> STRONGEST_FIRST = Comparator.comparing(Evidence::kind)
            .thenComparing(Evidence::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Evidence::eventId);

    /** Whether this evidence outranks {@code other}. */
    boolean beats(Evidence other) {
        return STRONGEST_FIRST.compare(this, other) < 0;
    }
}
