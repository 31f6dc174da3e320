package dev.calloutcomes.examples;

import dev.calloutcomes.CallOutcomes;
import dev.calloutcomes.jdbc.JdbcOutcomeStore;
import dev.calloutcomes.servlet.CallsServlet;
import dev.calloutcomes.servlet.DashboardServlet;
import dev.calloutcomes.servlet.RateLimit;
import dev.calloutcomes.servlet.TenantAuthenticator;
import dev.calloutcomes.servlet.TenantAuthenticators;
import dev.calloutcomes.servlet.WebhookServlet;
import dev.calloutcomes.store.EventStatus;
import dev.calloutcomes.tenant.TenantTokenVerifier;
import dev.calloutcomes.webhook.HmacSignatureVerifier;
import dev.calloutcomes.webhook.LiveKitTokenVerifier;
import dev.calloutcomes.webhook.WebhookVerifier;
import dev.calloutcomes.webhook.WebhookVerifiers;
import dev.calloutcomes.worker.EventWorkers;
import dev.calloutcomes.worker.WorkerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.nio.file.Path;
import java.util.logging.Level;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo server: embedded Jetty 12 wiring core + jdbc + servlet, mounted at {@code /api}.
 * {@code serve} runs it; {@code demo} runs it, sends a realistic series of LiveKit-signed webhooks,
 * prints the outcomes and a ready curl line, and keeps serving (or exits with {@code --once}).
 */
public final class DemoServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoServer.class);
    /** Requests whose bodies arrive slower than this are cut off by Jetty. */
    static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;
    /** How long a connection may stay silent. */
    static final long IDLE_TIMEOUT_MILLIS = 30_000;

    private final Server jetty;
    private final JdbcOutcomeStore store;
    private final EventWorkers workers;
    private final int port;
    private final JdbcOutcomeStore spool;
    private final ScheduledExecutorService forwarder;
    /** The spool's bounds: a day of webhooks at a busy contact centre's rate, and a day. */
    static final int SPOOL_MAX_EVENTS = 1_000_000;
    static final Duration SPOOL_MAX_AGE = Duration.ofHours(24);

    private DemoServer(Server jetty, JdbcOutcomeStore store, EventWorkers workers, int port, JdbcOutcomeStore spool,
                       ScheduledExecutorService forwarder) {
        this.jetty = jetty;
        this.store = store;
        this.workers = workers;
        this.port = port;
        this.spool = spool;
        this.forwarder = forwarder;
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("liquibase").setLevel(Level.WARNING);
        DemoSettings settings;
        try {
            settings = DemoSettings.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: java -jar call-outcomes-demo.jar serve|demo [--once] [--port N] [--jdbc-url URL] "
                    + "[--livekit-api-key K --livekit-api-secret S] [--webhook-secret S] [--api-jwt-secret S] [--default-tenant T] "
                    + "[--async] [--workers N] [--yield-to-intake SECONDS] [--api-rate-limit N] [--group-commit N] "
                    + "[--max-facts-per-call N] [--max-registrations-per-tenant N] [--spool-dir DIR]");
            System.exit(2);
            return;
        }
        DemoServer server = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        if (settings.command().equals("demo")) {
            new DemoScenario(server, settings, System.out).run();
            if (settings.once()) {
                server.close();
                return;
            }
        }
        System.out.println("Serving on " + server.baseUrl() + " (Ctrl-C to stop)");
        server.jetty.join();
    }

    /** Starts the server: migrates the schema, then listens on the configured port (0 picks one). */
    public static DemoServer start(DemoSettings settings) throws Exception {
        for (String flag : settings.secretFlags()) {
            LOG.warn("--{} carries a secret on the command line, where every local user can read it (ps); "
                    + "set it in the environment instead (see the README)", flag);
        }
        if (settings.usesDemoCredentials()) {
            LOG.warn("using built-in DEMO credentials: set LIVEKIT_API_KEY, LIVEKIT_API_SECRET and CALL_OUTCOMES_API_JWT_SECRET in production");
        }
        JdbcOutcomeStore store = JdbcOutcomeStore.builder().jdbcUrl(settings.jdbcUrl()).build();
        List<WebhookVerifier> verifiers = new ArrayList<>();
        LiveKitTokenVerifier.Builder liveKit = LiveKitTokenVerifier.builder().key(settings.liveKitApiKey(), settings.liveKitApiSecret());
        for (DemoSettings.TenantKey key : settings.tenantKeys()) {
            liveKit.key(key.apiKey(), key.apiSecret(), key.tenant());  // a tenant's own LiveKit project
        }
        verifiers.add(liveKit.build());
        if (settings.webhookSecret() != null) {
            verifiers.add(HmacSignatureVerifier.builder().secret(settings.webhookSecret()).build());
        }
        CallOutcomes.Builder builder = CallOutcomes.builder().store(store).verifier(WebhookVerifiers.anyOf(verifiers))
                .defaultTenant(settings.defaultTenant()).asynchronous(settings.async())
                .maxFactsPerCall(settings.maxFactsPerCall()).maxRegistrationsPerTenant(settings.maxRegistrationsPerTenant());
        if (settings.groupCommit() > 0) {
            builder.groupCommit(settings.groupCommit(), 4);
        }
        // --spool-dir: webhooks the database cannot take wait in an H2 file there, and are forwarded once it answers.
        JdbcOutcomeStore spool = settings.spoolDir() == null ? null
                : JdbcOutcomeStore.builder().jdbcUrl("jdbc:h2:file:" + Path.of(settings.spoolDir()).toAbsolutePath().resolve("spool")).build();
        if (spool != null) {
            builder.spool(spool, SPOOL_MAX_EVENTS, SPOOL_MAX_AGE);
        }
        CallOutcomes outcomes = builder.build();
        ScheduledExecutorService forwarder = spool == null ? null : forwardEverySecond(outcomes);
        // --workers 0: this process only accepts; workers elsewhere (another process on the same database) apply.
        EventWorkers workers = settings.async() && settings.workers() > 0
                ? outcomes.workers(WorkerSettings.builder().threads(settings.workers())
                        .yieldToIntake(Duration.ofSeconds(settings.yieldToIntake())).build()).start() : null;

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(productionHttp()));
        connector.setPort(settings.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/api");
        ServletHolder webhooks = new ServletHolder(WebhookServlet.builder(outcomes).build());
        webhooks.setAsyncSupported(true);   // bodies are read without holding a thread (WebhookServlet)
        context.addServlet(webhooks, "/webhooks/call_completed/*");
        TenantAuthenticator tenants = TenantAuthenticators.bearerToken(
                TenantTokenVerifier.builder().secret(settings.apiJwtSecret()).audience(TenantTokenVerifier.TENANT_AUDIENCE).build());
        // One API for the call routes and the dashboard: one rate limit and one set of read slots per tenant.
        CallsServlet api = CallsServlet.builder(outcomes, tenants)
                .rateLimit(RateLimit.of(settings.apiRateLimit(), 2L * settings.apiRateLimit())).build();
        context.addServlet(new ServletHolder(api), "/calls/*");
        context.addServlet(new ServletHolder(DashboardServlet.of(api)), "/dashboard/*");
        // Graceful stop (SIGTERM): new requests are refused, those in flight get up to 10 s to finish and be answered.
        jetty.setHandler(new GracefulHandler(context));
        jetty.setStopTimeout(10_000);
        try {
            jetty.start();
        } catch (Exception e) {
            if (workers != null) {
                workers.close();
            }
            if (forwarder != null) {
                forwarder.shutdownNow();
                spool.close();
            }
            store.close();
            throw e;
        }
        return new DemoServer(jetty, store, workers, connector.getLocalPort(), spool, forwarder);
    }

    /** Forwards what the spool holds, a batch at a time, every second (nothing while it is empty or the store is down). */
    private static ScheduledExecutorService forwardEverySecond(CallOutcomes outcomes) {
        ScheduledExecutorService forwarder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spool-forwarder");
            t.setDaemon(true);
            return t;
        });
        forwarder.scheduleWithFixedDelay(() -> {
            try {
                while (outcomes.maintenance().forwardSpool(500) > 0) {
                    // the next batch at once: the store answers again
                }
            } catch (RuntimeException e) {
                LOG.warn("forwarding the spool failed; trying again in a second: {}", e.getMessage());
            }
        }, 1, 1, TimeUnit.SECONDS);
        return forwarder;
    }

    /**
     * HTTP as a production host should configure it: no {@code Server} header naming Jetty's version,
     * and a minimum request data rate, so that a client trickling a body is cut off however long the
     * idle timeout (the webhook servlet also bounds its body reads itself).
     */
    static HttpConfiguration productionHttp() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
        return http;
    }

    /** Waits (at most {@code max}) until no stored event is pending: in asynchronous mode, until the workers caught up. */
    public void awaitProcessed(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!store.findEventsByStatus(EventStatus.PENDING, 1).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Whether this server runs workers (asynchronous mode with {@code --workers} above 0). */
    boolean runsWorkers() {
        return workers != null;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/api";
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("Jetty did not stop cleanly", e);
        }
        if (workers != null) {
            workers.close();
        }
        if (forwarder != null) {
            forwarder.shutdownNow();
            spool.close();
        }
        store.close();
    }
}
