package dev.calloutcomes.webhook;

import dev.calloutcomes.webhook.Verification.RejectionReason;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Combines verifiers. A request passes when any configured scheme accepts it; with none configured,
 * every request is rejected ({@link #failClosed()}) unless the host explicitly chooses
 * {@link #insecureAcceptEverythingWithoutVerification()}.
 */
public final class WebhookVerifiers {
    private WebhookVerifiers() {
    }

    /**
     * A verifier that accepts a request when any of {@code verifiers} does. When all reject, the
     * rejection reported is that of the first scheme whose header was present, so that a bad
     * signature is not hidden behind another scheme's "missing header".
     */
    public static WebhookVerifier anyOf(List<? extends WebhookVerifier> verifiers) {
        List<WebhookVerifier> all = List.copyOf(verifiers);
        if (all.isEmpty()) {
            return failClosed();
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        return new AnyOf(all);
    }

    /** Rejects every request: the default when no scheme is configured. */
    public static WebhookVerifier failClosed() {
        return new FailClosed();
    }

    /**
     * Accepts every request without checking anything. For local experiments only: anyone who can
     * reach the endpoint can then forge call outcomes.
     */
    public static WebhookVerifier insecureAcceptEverythingWithoutVerification() {
        return new Insecure();
    }

    private record AnyOf(List<WebhookVerifier> verifiers) implements WebhookVerifier {
        @Override
        public Set<String> schemes() {
            Set<String> all = new TreeSet<>();
            verifiers.forEach(v -> all.addAll(v.schemes()));
            return Collections.unmodifiableSet(all);
        }

        @Override
        public Verification verify(WebhookRequest request) {
            return firstAccepting(v -> v.verify(request));
        }

        @Override
        public Verification screen(WebhookRequest request) {
            return firstAccepting(v -> v.screen(request));
        }

        private Verification firstAccepting(Function<WebhookVerifier, Verification> check) {
            Verification first = null;
            Verification relevant = null;
            for (WebhookVerifier verifier : verifiers) {
                Verification v = check.apply(verifier);
                if (v.accepted()) {
                    return v;
                }
                if (first == null) {
                    first = v;
                }
                if (relevant == null && v.reason() != RejectionReason.MISSING_HEADER) {
                    relevant = v;
                }
            }
            if (relevant != null) {
                return relevant;
            }
            return Verification.rejected("any", RejectionReason.MISSING_HEADER,
                    "no signature header of any configured scheme is present (" + first.detail() + ")");
        }
    }

    private static final class FailClosed implements WebhookVerifier {
        private static final Verification REJECTED = Verification.rejected("none", RejectionReason.NO_VERIFIER_CONFIGURED,
                "no webhook verification scheme is configured; refusing every request");

        @Override
        public Verification verify(WebhookRequest request) {
            return REJECTED;
        }

        @Override
        public Verification screen(WebhookRequest request) {
            return REJECTED;
        }

        @Override
        public Set<String> schemes() {
            return Set.of();
        }

        @Override
        public String toString() {
            return "fail-closed verifier (no scheme configured)";
        }
    }

    private static final class Insecure implements WebhookVerifier {
        @Override
        public Verification verify(WebhookRequest request) {
            return Verification.accepted("insecure-none", null);
        }

        @Override
        public Set<String> schemes() {
            return Set.of("insecure-none");
        }

        @Override
        public String toString() {
            return "INSECURE verifier accepting every request without verification";
        }
    }
}
