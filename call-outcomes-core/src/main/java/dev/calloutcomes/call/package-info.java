/**
 * A call: its {@link dev.calloutcomes.call.CallRecord}, status and direction, the
 * {@link dev.calloutcomes.call.CallRegistration} a host makes before or during it, and what listeners
 * receive when it changes ({@link dev.calloutcomes.call.CallChange}, inside the
 * {@link dev.calloutcomes.call.OutcomeListener.UnitOfWork} that stores it).
 */
package dev.calloutcomes.call;

import dev.calloutcomes.call.OutcomeListener.UnitOfWork;
