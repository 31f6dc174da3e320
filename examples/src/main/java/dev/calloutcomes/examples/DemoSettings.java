package dev.calloutcomes.examples;

import dev.calloutcomes.CallOutcomes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo server's configuration: flags, falling back to environment variables, falling back to
 * defaults that work on a fresh clone (H2 file database, demo credentials).
 */
record DemoSettings(String command, int port, String jdbcUrl, String liveKitApiKey, String liveKitApiSecret,
                    String webhookSecret, String apiJwtSecret, String defaultTenant, boolean once, boolean async,
                    int apiRateLimit, int groupCommit, int workers, int yieldToIntake, List<String> secretFlags,
                    List<TenantKey> tenantKeys, int maxFactsPerCall, int maxRegistrationsPerTenant, String spoolDir) {
    /**
     * A tenant's own LiveKit project: its API key and secret, and the tenant every webhook that key signs belongs to.
     * From {@code CALL_OUTCOMES_TENANT_KEYS} only ({@code key:secret:tenant,...}): a secret never on the command line.
     */
    record TenantKey(String apiKey, String apiSecret, String tenant) {
        @Override
        public String toString() {
            return "TenantKey[apiKey=" + apiKey + ", apiSecret=<redacted>, tenant=" + tenant + "]";
        }
    }

    static final String DEMO_API_KEY = "APIdemoKey";
    static final String DEMO_API_SECRET = "demo-livekit-secret-change-me-0123456789";
    static final String DEMO_JWT_SECRET = "demo-api-jwt-secret-change-me-0123456789";

    /** Flags that carry a secret: on a command line, every local user can read them with {@code ps}. */
    static final List<String> SECRET_FLAGS = List.of("livekit-api-secret", "webhook-secret", "api-jwt-secret");

    static DemoSettings parse(String[] args, Map<String, String> env) {
        String command = "serve";
        Map<String, String> flags = new HashMap<>();
        boolean once = false;
        boolean async = "true".equalsIgnoreCase(env.get("CALL_OUTCOMES_ASYNC"));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--once")) {
                once = true;
            } else if (a.equals("--async")) {
                async = true;
            } else if (a.startsWith("--") && a.contains("=")) {
                flags.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else if (a.startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                flags.put(a.substring(2), args[++i]);
            } else {
                command = a;
            }
        }
        if (!command.equals("serve") && !command.equals("demo")) {
            throw new IllegalArgumentException("unknown command " + command + " (use serve or demo)");
        }
        int p = number(flags, env, "port", "CALL_OUTCOMES_PORT", "8080", 0);
        int apiRateLimit = number(flags, env, "api-rate-limit", "CALL_OUTCOMES_API_RATE_LIMIT", "50", 1);
        int groupCommit = number(flags, env, "group-commit", "CALL_OUTCOMES_GROUP_COMMIT", "0", 0);
        int workers = number(flags, env, "workers", "CALL_OUTCOMES_WORKERS", "2", 0);
        int yieldToIntake = number(flags, env, "yield-to-intake", "CALL_OUTCOMES_YIELD_TO_INTAKE", "0", 0);
        int maxFacts = number(flags, env, "max-facts-per-call", "CALL_OUTCOMES_MAX_FACTS_PER_CALL",
                Integer.toString(CallOutcomes.DEFAULT_MAX_FACTS_PER_CALL), 1);
        int maxRegistrations = number(flags, env, "max-registrations-per-tenant", "CALL_OUTCOMES_MAX_REGISTRATIONS_PER_TENANT",
                Integer.toString(CallOutcomes.DEFAULT_MAX_REGISTRATIONS_PER_TENANT), 1);
        return new DemoSettings(command, p,
                pick(flags, env, "jdbc-url", "CALL_OUTCOMES_JDBC_URL", "jdbc:h2:file:./data/call-outcomes"),
                pick(flags, env, "livekit-api-key", "LIVEKIT_API_KEY", DEMO_API_KEY),
                pick(flags, env, "livekit-api-secret", "LIVEKIT_API_SECRET", DEMO_API_SECRET),
                pick(flags, env, "webhook-secret", "LIVEKIT_WEBHOOK_SECRET", null),
                pick(flags, env, "api-jwt-secret", "CALL_OUTCOMES_API_JWT_SECRET", DEMO_JWT_SECRET),
                pick(flags, env, "default-tenant", "CALL_OUTCOMES_DEFAULT_TENANT", "acme"), once, async, apiRateLimit, groupCommit, workers,
                yieldToIntake, secretFlags(flags), tenantKeys(env.get("CALL_OUTCOMES_TENANT_KEYS")), maxFacts,
                maxRegistrations, pick(flags, env, "spool-dir", "CALL_OUTCOMES_SPOOL_DIR", null));
    }

    private static List<TenantKey> tenantKeys(String spec) {
        if (spec == null || spec.isBlank()) {
            return List.of();
        }
        List<TenantKey> keys = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String[] parts = entry.strip().split(":", 3);
            if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                throw new IllegalArgumentException("CALL_OUTCOMES_TENANT_KEYS must be key:secret:tenant entries separated by commas");
            }
            keys.add(new TenantKey(parts[0], parts[1], parts[2]));
        }
        return List.copyOf(keys);
    }

    /** The flags given that carry a secret (a password in {@code --jdbc-url} too). */
    private static List<String> secretFlags(Map<String, String> flags) {
        List<String> given = new ArrayList<>(SECRET_FLAGS.stream().filter(flags::containsKey).toList());
        if (flags.getOrDefault("jdbc-url", "").matches("(?i).*password=[^&;]+.*")) {
            given.add("jdbc-url");
        }
        return List.copyOf(given);
    }

    private static int number(Map<String, String> flags, Map<String, String> env, String flag, String variable, String fallback,
                              int min) {
        String v = pick(flags, env, flag, variable, fallback);
        try {
            int n = Integer.parseInt(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + flag + " must be a number of at least " + min + ", was: " + v);
    }

    private static String pick(Map<String, String> flags, Map<String, String> env, String flag, String variable, String fallback) {
        String v = flags.get(flag);
        if (v == null || v.isBlank()) {
            v = env.get(variable);
        }
        return v == null || v.isBlank() ? fallback : v;
    }

    boolean usesDemoCredentials() {
        return DEMO_API_SECRET.equals(liveKitApiSecret) || DEMO_JWT_SECRET.equals(apiJwtSecret);
    }

    @Override
    public String toString() {
        return "DemoSettings[command=" + command + ", port=" + port + ", jdbcUrl=" + jdbcUrl.replaceAll("password=[^&;]*", "password=***")
                + ", liveKitApiKey=" + liveKitApiKey + ", secrets=<redacted>, defaultTenant=" + defaultTenant + ", async=" + async + ", apiRateLimit=" + apiRateLimit + ", groupCommit=" + groupCommit + ", workers=" + workers + ", yieldToIntake=" + yieldToIntake + ", tenantKeys=" + tenantKeys + "]";
    }
}
