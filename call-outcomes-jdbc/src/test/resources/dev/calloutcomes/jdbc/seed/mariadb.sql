SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES');
-- The earlier Python module's database, written from ../shared/seed/call-outcomes-module-summary.txt:
-- a users table, call_logs in its pre-module shape plus the nine columns the module added, and
-- livekit_call_events with the document's DDL verbatim, with rows in each.
CREATE TABLE users (id VARCHAR(36) PRIMARY KEY, email VARCHAR(255));
CREATE TABLE call_logs (
    id VARCHAR(36) PRIMARY KEY,
    "userId" VARCHAR(36) REFERENCES users(id),
    "phoneNumber" VARCHAR(32),
    duration INTEGER,
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    "createdAt" DATETIME DEFAULT CURRENT_TIMESTAMP,
    "livekitRoomName" VARCHAR(255),
    "livekitRoomSid" VARCHAR(100) UNIQUE,
    direction VARCHAR(20),
    "sipCallId" VARCHAR(255),
    status VARCHAR(50),
    outcome VARCHAR(50),
    "recordingUrl" VARCHAR(512),
    metadata JSON,
    "updatedAt" DATETIME
);
CREATE TABLE livekit_call_events (
    id VARCHAR(36) PRIMARY KEY,
    "userId" VARCHAR(36) NOT NULL,
    "callLogId" VARCHAR(36),
    "eventId" VARCHAR(100) NOT NULL UNIQUE,
    event VARCHAR(50) NOT NULL,
    "roomName" VARCHAR(255) NOT NULL,
    "roomSid" VARCHAR(100),
    "participantIdentity" VARCHAR(255),
    "participantSid" VARCHAR(100),
    timestamp BIGINT NOT NULL,
    "rawPayload" JSON NOT NULL,
    processed INTEGER DEFAULT 1,
    "errorMessage" TEXT,
    "createdAt" DATETIME DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY ("userId") REFERENCES users(id) ON DELETE CASCADE,
    FOREIGN KEY ("callLogId") REFERENCES call_logs(id) ON DELETE CASCADE
);
CREATE INDEX idx_livekit_call_events_user ON livekit_call_events ("userId");
CREATE INDEX idx_livekit_call_events_room ON livekit_call_events ("roomName");
INSERT INTO users VALUES ('u-1', 'one@example.com'), ('u-2', 'two@example.com');
INSERT INTO call_logs VALUES
    ('c-1', 'u-1', '+15550001111', 95, '2025-10-29 12:33:21', '2025-10-29 12:34:56', '2025-10-29 12:33:00',
     'sip-15550001111__1761741200__abc', 'RM_seed_1', 'outbound', 'SCL_seed_1', 'completed', 'completed',
     'https://rec.example.com/seed_1.ogg', '{"campaignId": "camp-seed", "leadId": "lead-1"}', '2025-10-29 12:34:56'),
    ('c-2', 'u-2', '+15550002222', NULL, NULL, NULL, '2025-10-30 09:00:00',
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO livekit_call_events VALUES
    ('e-1', 'u-1', 'c-1', 'EV_seed_join', 'participant_joined', 'sip-15550001111__1761741200__abc', 'RM_seed_1', 'sip_+15550001111',
     'PA_seed_1', 1761741201, '{"event": "participant_joined", "id": "EV_seed_join", "room": {"sid": "RM_seed_1", "name": "sip-15550001111__1761741200__abc"}}',
     1, NULL, '2025-10-29 12:33:21', '2025-10-29 12:33:21'),
    ('e-2', 'u-1', 'c-1', 'EV_seed_left', 'participant_left', 'sip-15550001111__1761741200__abc', 'RM_seed_1', 'sip_+15550001111',
     'PA_seed_1', 1761741296, '{"event": "participant_left", "id": "EV_seed_left", "room": {"sid": "RM_seed_1", "name": "sip-15550001111__1761741200__abc"}}',
     1, NULL, '2025-10-29 12:34:56', '2025-10-29 12:34:56'),
    ('e-3', 'u-2', NULL, 'EV_seed_bad', 'room_finished', 'room-x', NULL, NULL, NULL, 1761800000, '{"event": "room_finished"}',
     0, 'no call log for room room-x', '2025-10-30 09:00:00', NULL);
