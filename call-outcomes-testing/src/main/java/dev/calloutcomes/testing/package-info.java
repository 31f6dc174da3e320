/**
 * What a host needs to test its own wiring, shipped as {@code call-outcomes-testing} (test scope):
 * {@link dev.calloutcomes.testing.WebhookSigner} mints the headers LiveKit sends and the API's tenant
 * tokens; {@link dev.calloutcomes.testing.Fixtures} holds webhooks minted with LiveKit's own SDK;
 * {@link dev.calloutcomes.testing.SyntheticCalls} generates whole calls; and
 * {@link dev.calloutcomes.testing.OutcomeStoreContract} is the suite every
 * {@link dev.calloutcomes.store.OutcomeStore} must pass (extend it, supply a fresh store). None of
 * it belongs in a production classpath: the signer mints credentials.
 */
package dev.calloutcomes.testing;
