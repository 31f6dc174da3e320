package dev.calloutcomes.servlet;

import jakarta.servlet.http.HttpServlet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A real Jetty 12 on an ephemeral port with servlets mounted under /api. */
final class JettyFixture implements AutoCloseable {
    final Server server;
    final ServletContextHandler context = new ServletContextHandler("/api");
    final String base;

    JettyFixture(Map<String, HttpServlet> servlets) throws Exception {
        this(servlets, new Server());
    }

    /** With at most {@code maxThreads} threads, selectors and acceptors included. */
    JettyFixture(Map<String, HttpServlet> servlets, int maxThreads) throws Exception {
        this(servlets, new Server(new QueuedThreadPool(maxThreads, Math.min(4, maxThreads))));
    }

    private JettyFixture(Map<String, HttpServlet> servlets, Server server) throws Exception {
        this.server = server;
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        servlets.forEach(this::add);
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/api";
    }

    /** Mounts {@code servlet} at {@code path}, with asynchronous support as the README tells hosts to. */
    void add(String path, HttpServlet servlet) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
