package dev.calloutcomes.examples;

import java.util.Map;

/** Test access to the demo server's package-private settings. */
public final class DemoSettingsAccess {
    private DemoSettingsAccess() {
    }

    /** Settings to serve on an ephemeral port against {@code jdbcUrl}, with the demo credentials. */
    public static DemoSettings serve(String jdbcUrl, boolean async) {
        return serve(jdbcUrl, async, Map.of());
    }

    /** As above, with environment variables ({@code CALL_OUTCOMES_TENANT_KEYS}, say). */
    public static DemoSettings serve(String jdbcUrl, boolean async, Map<String, String> env) {
        return DemoSettings.parse(async ? new String[] {"serve", "--port", "0", "--jdbc-url", jdbcUrl, "--async"}
                : new String[] {"serve", "--port", "0", "--jdbc-url", jdbcUrl}, env);
    }
}
