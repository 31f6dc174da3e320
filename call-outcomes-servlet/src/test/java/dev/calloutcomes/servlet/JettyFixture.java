package dev.calloutcomes.servlet;

import jakarta.servlet.http.HttpServlet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real Jetty 12 on an ephemeral port with servlets mounted under /api. */
final class JettyFixture implements AutoCloseable {
    final Server server = new Server();
    final ServletContextHandler context = new ServletContextHandler("/api");
    final String base;

    JettyFixture(Map<String, HttpServlet> servlets) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        servlets.forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/api";
    }

    void add(String path, HttpServlet servlet) {
        context.addServlet(new ServletHolder(servlet), path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
