-- The database's own ceiling for our write path: one idempotent event insert plus one call upsert
-- per transaction, the minimum a synchronous webhook needs. Run by run-e2e.sh with pgbench.
\set n random(1, 2000000000)
BEGIN;
INSERT INTO livekit_call_events (id, "eventId", status, "rawPayload", event, "roomSid", "roomName", "receivedAt", attempts)
  VALUES (gen_random_uuid()::text, 'pgb-' || :client_id || '-' || :n, 'processed', repeat('x', 900), 'participant_left', 'RM_pgb' || :n, 'pgb-' || :n, now(), 1)
  ON CONFLICT ("eventId") DO NOTHING;
INSERT INTO call_logs (id, "userId", status, outcome, "livekitRoomName", "livekitRoomSid", duration, "createdAt", "updatedAt")
  VALUES ('pgb-' || :client_id || '-' || :n, 'acme', 'ended', 'completed', 'pgb-' || :n, 'RM_pgb' || :n, 95, now(), now())
  ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, "updatedAt" = EXCLUDED."updatedAt";
END;
