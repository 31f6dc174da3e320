package dev.calloutcomes.livekit;

import dev.calloutcomes.call.CallDirection;

/**
 * What one event says about its call, derived by the parser. Every field may be null.
 *
 * @param phoneNumber the remote party in E.164 ({@code sip.phoneNumber}, else the room-name pattern)
 * @param campaignId from room metadata, participant attributes or the room-name pattern
 * @param leadId likewise
 * @param tenantHint likewise; the service's tenant resolvers decide what to trust
 * @param sipCallId {@code sip.callID}
 * @param trunkNumber {@code sip.trunkPhoneNumber}
 * @param direction who placed the call, when the event says
 * @param callStatus the SIP participant's {@code sip.callStatus}
 * @param recordingUrl what an {@code egress_ended} produced (see {@link LiveKitEvent.Egress#recordingLocation()})
 */
public record CallFacts(String phoneNumber, String campaignId, String leadId, String tenantHint, String sipCallId,
                        String trunkNumber, CallDirection direction, SipCallStatus callStatus, String recordingUrl) {
    static final CallFacts NONE = new CallFacts(null, null, null, null, null, null, null, null, null);
}
