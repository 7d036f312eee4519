-- The instance's append-only event log and its snapshots (see src/event-log.ts).
-- Runs with search_path pinned to the instance's schema: names are unqualified on purpose.

CREATE TABLE event_log (
  -- Dense, assigned by the single writer; the primary key is also the replay idempotency key.
  seq         bigint      PRIMARY KEY CHECK (seq > 0),
  type        text        NOT NULL CHECK (length(type) BETWEEN 1 AND 200),
  -- json, not jsonb: the exact text the writer produced (key order, number spelling) round-trips.
  data        json        NOT NULL,
  -- When the writer sequenced the event (journaled events keep their original time).
  recorded_at timestamptz NOT NULL
);

CREATE TABLE snapshots (
  seq      bigint      PRIMARY KEY CHECK (seq >= 0),
  state    json        NOT NULL,
  taken_at timestamptz NOT NULL
);
