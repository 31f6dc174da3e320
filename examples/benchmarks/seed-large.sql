-- The large data set for the read-path and full-table ingest benchmarks (seed-large.sh runs it in a
-- migrated schema): :calls calls over the last 90 days, spread over 10 tenants, each with
-- :per_call stored events of realistic size (~1 KB payload). Secondary indexes of the events table
-- are dropped during the load and rebuilt afterwards, with the changelog's names and columns.
\set ON_ERROR_STOP on
DROP INDEX IF EXISTS ix_events_call, ix_events_room_sid, ix_events_room_name, ix_events_status, ix_events_due,
  ix_events_call_tenant;
DROP INDEX IF EXISTS ix_call_logs_tenant_created, ix_call_logs_tenant_outcome, ix_call_logs_tenant_campaign,
  ix_call_logs_room_sid, ix_call_logs_room_name, ix_call_logs_open;

INSERT INTO call_logs (id, "userId", "phoneNumber", duration, "startedAt", "endedAt", "createdAt", status, outcome, reason,
                       direction, "campaignId", "leadId", "livekitRoomName", "livekitRoomSid", "sipCallId", "trunkNumber",
                       "recordingUrl", "updatedAt")
SELECT md5('seed-call-' || i)::uuid::text, 'tenant-' || (i % 10), '+1555' || lpad((i % 10000000)::text, 7, '0'),
       CASE WHEN i % 5 = 0 THEN 30 + i % 600 END,
       t, t + interval '95 seconds', t, 'ended',
       (ARRAY['completed', 'no_answer', 'busy', 'failed', 'voicemail'])[1 + i % 5],
       (ARRAY['answered', 'sip_480', 'sip_486', 'sip_503', 'amd_machine'])[1 + i % 5],
       CASE WHEN i % 3 = 0 THEN 'inbound' ELSE 'outbound' END,
       'campaign-' || (i % 40), 'lead-' || i, 'seed-room-' || i, 'RM_seed_' || i, 'SCL_seed_' || i, '+15550000000',
       CASE WHEN i % 5 = 0 THEN 's3://recordings/seed-' || i || '.ogg' END, t + interval '100 seconds'
FROM (SELECT i, now() - interval '1 hour' - (i::float8 / :calls) * interval '90 days' AS t
      FROM generate_series(1, :calls) i) s;

INSERT INTO livekit_call_events (id, "eventId", "userId", "callLogId", event, "roomSid", "roomName", status,
                                 "rawPayload", "createdAt", "receivedAt", attempts, processed)
SELECT md5('seed-event-' || i || '-' || j)::uuid::text, 'EV_seed_' || i || '_' || j, 'tenant-' || (i % 10), md5('seed-call-' || i)::uuid::text,
       (ARRAY['room_started', 'participant_joined', 'participant_joined', 'track_published', 'egress_started',
              'egress_updated', 'participant_left', 'egress_ended', 'participant_left', 'room_finished'])[1 + (j - 1) % 10],
       'RM_seed_' || i, 'seed-room-' || i, 'processed',
       '{"event":"participant_left","room":{"sid":"RM_seed_' || i || '","name":"seed-room-' || i || '"},"id":"EV_seed_'
         || i || '_' || j || '","createdAt":"1730000095","participant":' || :'payload_tail',
       now() - interval '1 hour' - (i::float8 / :calls) * interval '90 days',
       now() - interval '1 hour' - (i::float8 / :calls) * interval '90 days', 1, 1
FROM generate_series(1, :calls) i, generate_series(1, :per_call) j;

CREATE INDEX ix_events_call ON livekit_call_events ("callLogId");
CREATE INDEX ix_events_room_sid ON livekit_call_events ("roomSid");
CREATE INDEX ix_events_room_name ON livekit_call_events ("roomName");
CREATE INDEX ix_events_status ON livekit_call_events (status, seq);
CREATE INDEX ix_events_due ON livekit_call_events (status, "availableAt");
CREATE INDEX ix_events_call_tenant ON livekit_call_events ("callLogId", "userId");
CREATE INDEX ix_call_logs_tenant_created ON call_logs ("userId", "createdAt", id);
CREATE INDEX ix_call_logs_tenant_outcome ON call_logs ("userId", outcome, "createdAt");
CREATE INDEX ix_call_logs_tenant_campaign ON call_logs ("userId", "campaignId", "createdAt");
CREATE INDEX ix_call_logs_room_sid ON call_logs ("livekitRoomSid");
CREATE INDEX ix_call_logs_room_name ON call_logs ("livekitRoomName");
CREATE INDEX ix_call_logs_open ON call_logs (status, "updatedAt");
VACUUM ANALYZE call_logs;
VACUUM ANALYZE livekit_call_events;
