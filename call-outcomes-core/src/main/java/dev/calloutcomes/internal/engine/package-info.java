/**
 * Not API: the engine behind {@link dev.calloutcomes.CallOutcomes} (group commit, the recorder, the
 * projector, the workers' batches, maintenance). Public only so that the entry object can make it; it
 * may change in any release. Do not use it.
 */
package dev.calloutcomes.internal.engine;
