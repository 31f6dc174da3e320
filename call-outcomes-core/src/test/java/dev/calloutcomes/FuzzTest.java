package dev.calloutcomes;

import static dev.calloutcomes.testing.Fixtures.API_KEY;
import static dev.calloutcomes.testing.Fixtures.API_SECRET;
import static dev.calloutcomes.testing.Fixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.calloutcomes.livekit.LiveKitEventParser;
import dev.calloutcomes.livekit.MalformedEventException;
import dev.calloutcomes.query.CallQuery;
import dev.calloutcomes.store.OutcomeStore;
import dev.calloutcomes.tenant.TenantTokenVerifier;
import dev.calloutcomes.testing.Fixtures;
import dev.calloutcomes.webhook.HmacSignatureVerifier;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import dev.calloutcomes.webhook.StandardWebhooksVerifier;
import dev.calloutcomes.webhook.WebhookRequest;
import dev.calloutcomes.testing.WebhookSigner;
import dev.calloutcomes.webhook.WebhookVerifier;
import dev.calloutcomes.webhook.WebhookVerifiers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the transformer, the verifiers and the whole pipeline, seeded with the real
 * fixtures: no exception may escape other than the library's typed ones. The normal suite runs
 * {@code calloutcomes.fuzz.inputs} inputs (default 20,000); {@code mvn verify -Pfuzz} runs 1,000,000.
 */
class FuzzTest {
    static final int INPUTS = Integer.getInteger("calloutcomes.fuzz.inputs", 20_000);
    static final long SEED = Long.getLong("calloutcomes.fuzz.seed", 1_795_480_953L);
    private static final String[] VALUES = {"null", "true", "1e999", "-1", "\"\"", "[]", "{}", "[[[[[[]]]]]]", "\"\\u0000\"",
            "\"' OR 1=1; DROP TABLE call_logs; --\"", "\"\u00e9\u4e2d\ud83d\ude00\"", "99999999999999999999999", "\"2025-13-45T99:99:99Z\"",
            "{\"event\":{}}", "\"" + "x".repeat(5000) + "\"", "\"1\"", "\"4102444800\"", "\"-5\"", "\"946684800\"",
            "\"9223372036854775807\"", "\"1999-12-31T23:59:59Z\"", "\"TENANTA\"", "\"tenanta \"", "\"a\\u0001b\""};

    private final LiveKitEventParser parser = LiveKitEventParser.defaults();
    private final List<WebhookVerifier> verifiers = List.of(
            LiveKitTokenVerifier.builder().key(API_KEY, API_SECRET).clock(CLOCK).build(),
            HmacSignatureVerifier.builder().secret(Fixtures.HMAC_SECRET).build(),
            StandardWebhooksVerifier.builder().secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").clock(CLOCK).build());
    private final TenantTokenVerifier tenants = TenantTokenVerifier.builder().secret("fuzz-api-secret-0123456789abcdef012345")
            .clock(CLOCK).build();
    private final CallOutcomes pipeline = CallOutcomes.builder().store(OutcomeStore.inMemory(CLOCK)).clock(CLOCK)
            .defaultTenant("fuzz").verifier(WebhookVerifiers.insecureAcceptEverythingWithoutVerification())
            .listener((change, tx) -> {
                Long duration = change.after().timing().durationSeconds();
                if (duration != null && (duration < 0 || duration > Integer.MAX_VALUE)) {
                    throw new AssertionError("a duration that does not fit the schema: " + duration);
                }
            }).build();

    @Test
    void noUntypedExceptionEscapesForAnyInput() {
        List<byte[]> seeds = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (String name : Fixtures.JWT_SIGNED) {
            seeds.add(Fixtures.body(name));
            tokens.add(Fixtures.authorization(name));
        }
        seeds.add(Fixtures.body("seed_example_participant_left"));
        Random random = new Random(SEED);
        int malformed = 0;
        int parsed = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] body = mutate(seeds.get(random.nextInt(seeds.size())), seeds, random);
            try {
                parser.parse(body);
                parsed++;
            } catch (MalformedEventException e) {
                malformed++;
                assertThat(e.getMessage()).isNotBlank();
            } catch (Throwable t) {
                fail("parser threw " + t + " for input (base64) " + Base64.getEncoder().encodeToString(body), t);
            }
            String header = new String(mutate(tokens.get(random.nextInt(tokens.size())).getBytes(StandardCharsets.US_ASCII),
                    List.of(), random), StandardCharsets.ISO_8859_1);
            WebhookRequest request = WebhookRequest.ofSingle(Map.of("Authorization", header, "X-LiveKit-Signature", header,
                    "webhook-id", header, "webhook-timestamp", "1795521600", "webhook-signature", "v1," + header), body);
            for (WebhookVerifier verifier : verifiers) {
                try {
                    boolean authentic = verifier.verify(request).accepted();
                    // Screening must never refuse what verification accepts: an endpoint answers a failed screen unread.
                    assertThat(verifier.screen(request).accepted() || !authentic).as("screen refuses an authentic request").isTrue();
                } catch (Throwable t) {
                    fail(verifier + " threw " + t + " for header (base64) "
                            + Base64.getEncoder().encodeToString(header.getBytes(StandardCharsets.ISO_8859_1)), t);
                }
            }
            queryValues(header, random);
            if (i % 10 == 0) {
                try {
                    assertThat(pipeline.handle(WebhookRequest.ofSingle(Map.of(), body)).status()).isNotNull();
                } catch (Throwable t) {
                    fail("pipeline threw " + t + " for input (base64) " + Base64.getEncoder().encodeToString(body), t);
                }
            }
        }
        System.out.printf("fuzz: %d inputs (seed %d): %d parsed, %d malformed, no untyped exception%n", INPUTS, SEED, parsed, malformed);
        assertThat(parsed).as("mutations keep some inputs valid").isPositive();
        assertThat(malformed).isPositive();
    }

    /**
     * What a client can put in a query, a cursor or a token: a bad value is an {@link InvalidInputException}
     * (an HTTP 400) or no tenant (a 401), never another exception that would read as an outage.
     */
    private void queryValues(String junk, Random random) {
        String value = junk.length() > 300 ? junk.substring(0, random.nextInt(300)) : junk;
        try {
            CallQuery.forTenant("fuzz").withRoomName(value).withCampaignId(value).withPhoneNumber(value)
                    .withCursor(CallQuery.Cursor.decode(Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (Throwable t) {
            fail("a query value threw " + t + " for (base64) " + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)), t);
        }
        try {
            String token = WebhookSigner.tenantToken("fuzz-api-secret-0123456789abcdef012345", value.isBlank() ? "x" : value, CLOCK,
                    java.time.Duration.ofMinutes(5));
            tenants.tenantOf(token).ifPresent(tenant -> assertThat(tenant).doesNotContainPattern("\\p{Cntrl}"));
            assertThat(tenants.tenantOf(value)).as("junk is no token").isEmpty();
        } catch (Throwable t) {
            fail("a tenant token threw " + t + " for (base64) " + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)), t);
        }
    }

    private static byte[] mutate(byte[] seed, List<byte[]> others, Random random) {
        byte[] b = seed.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            b = switch (random.nextInt(9)) {
                case 0 -> flip(b, random);
                case 1 -> truncate(b, random);
                case 2 -> insert(b, random, randomBytes(random));
                case 3 -> delete(b, random);
                case 4 -> replaceValue(b, random);
                case 5 -> others.isEmpty() ? flip(b, random) : splice(b, others.get(random.nextInt(others.size())), random);
                case 6 -> nest(random);
                case 7 -> insert(b, random, VALUES[random.nextInt(VALUES.length)].getBytes(StandardCharsets.UTF_8));
                default -> b;
            };
        }
        return b;
    }

    private static byte[] flip(byte[] b, Random random) {
        if (b.length > 0) {
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
    }

    private static byte[] truncate(byte[] b, Random random) {
        return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length));
    }

    private static byte[] insert(byte[] b, Random random, byte[] what) {
        int at = b.length == 0 ? 0 : random.nextInt(b.length);
        byte[] out = new byte[b.length + what.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(b, at, out, at + what.length, b.length - at);
        return out;
    }

    private static byte[] delete(byte[] b, Random random) {
        if (b.length < 2) {
            return b;
        }
        int at = random.nextInt(b.length - 1);
        int n = 1 + random.nextInt(Math.min(16, b.length - at - 1) + 1);
        byte[] out = new byte[b.length - Math.min(n, b.length - at)];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + (b.length - out.length), out, at, out.length - at);
        return out;
    }

    /** Replaces the value after a random colon with a value of another type. */
    private static byte[] replaceValue(byte[] b, Random random) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int colon = s.indexOf(':', b.length == 0 ? 0 : random.nextInt(Math.max(1, b.length)));
        if (colon < 0) {
            return b;
        }
        int end = colon + 1;
        int depth = 0;
        boolean inString = false;
        for (; end < s.length(); end++) {
            char c = s.charAt(end);
            if (c == '"' && s.charAt(end - 1) != '\\') {
                inString = !inString;
            } else if (!inString && (c == '{' || c == '[')) {
                depth++;
            } else if (!inString && (c == '}' || c == ']')) {
                if (depth-- == 0) {
                    break;
                }
            } else if (!inString && c == ',' && depth == 0) {
                break;
            }
        }
        String value = VALUES[random.nextInt(VALUES.length)];
        return (s.substring(0, colon + 1) + value + s.substring(end)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] splice(byte[] a, byte[] b, Random random) {
        int cutA = a.length == 0 ? 0 : random.nextInt(a.length);
        int cutB = b.length == 0 ? 0 : random.nextInt(b.length);
        byte[] out = new byte[cutA + b.length - cutB];
        System.arraycopy(a, 0, out, 0, cutA);
        System.arraycopy(b, cutB, out, cutA, b.length - cutB);
        return out;
    }

    private static byte[] nest(Random random) {
        int depth = 1 + random.nextInt(3000);
        return ("{\"event\":\"room_started\",\"id\":\"n\",\"room\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(8)];
        random.nextBytes(bytes);
        return bytes;
    }
}
