/**
 * A thin Jakarta Servlet 6 adapter: the webhook endpoint ({@link dev.calloutcomes.servlet.WebhookServlet}),
 * the tenant API ({@link dev.calloutcomes.servlet.CallsServlet}), operators' endpoints
 * ({@link dev.calloutcomes.servlet.AdminServlet}), per-address and per-tenant rate limits, and metrics hooks.
 */
package dev.calloutcomes.servlet;
