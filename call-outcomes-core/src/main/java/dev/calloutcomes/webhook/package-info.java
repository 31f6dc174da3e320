/**
 * Webhook authentication: LiveKit's JWT scheme, an HMAC header and Standard Webhooks, each a
 * {@link dev.calloutcomes.webhook.WebhookVerifier}, and the request and verdict types they share.
 */
package dev.calloutcomes.webhook;
