/**
 * LiveKit's webhook events as this library reads them: the parser, the parsed
 * {@link dev.calloutcomes.livekit.LiveKitEvent}, the call facts derived from it, and LiveKit's enums
 * (event types, participant kinds, SIP call status) as open sets: a value newer than this library is
 * {@code UNKNOWN}, never an error.
 */
package dev.calloutcomes.livekit;
