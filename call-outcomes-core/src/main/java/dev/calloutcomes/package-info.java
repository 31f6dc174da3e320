/**
 * The entry objects: {@link dev.calloutcomes.CallOutcomes} (build one, share it: it verifies, stores and
 * classifies webhooks, records registrations and answers queries), {@link dev.calloutcomes.WebhookResult},
 * and the exception roots: {@link dev.calloutcomes.CallOutcomesException} for everything this library
 * throws, {@link dev.calloutcomes.InvalidInputException} for bad input (an HTTP 400), and
 * {@link dev.calloutcomes.InvalidConfigurationException} for wiring mistakes.
 */
package dev.calloutcomes;
