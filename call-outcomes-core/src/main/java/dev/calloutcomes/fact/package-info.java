/**
 * Facts the host reports about a call, which webhooks cannot carry: the SIP result of dialing, an
 * answering-machine verdict. Reported with {@link dev.calloutcomes.CallOutcomes#report}; stored as events of the
 * call and folded with its webhooks, whatever the order.
 */
package dev.calloutcomes.fact;
