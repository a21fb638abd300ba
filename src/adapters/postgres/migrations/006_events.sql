-- 006: durable domain events (docs/events.md): the outbox the store steps write in the
-- transaction of the change they report, and each subscriber group's cursor, in-flight
-- deliveries, settled sequences and dead letters.

-- The last sequence each aggregate (an order, a payment) recorded: the row a recording step
-- raises in its own transaction, so sequences stay gapless and one writer numbers at a time.
CREATE TABLE event_sequences (
  aggregate_id text COLLATE "C" PRIMARY KEY,
  last_sequence bigint NOT NULL
);

CREATE TABLE events (
  aggregate_id text COLLATE "C" NOT NULL,
  sequence bigint NOT NULL,
  type text NOT NULL,
  -- When it happened: epoch ms from the services' clock; retention counts from it.
  time bigint NOT NULL,
  schema_version integer NOT NULL,
  payload jsonb NOT NULL,
  -- Insert order. Not the delivery order: a transaction that drew a smaller number may
  -- commit after one that drew a larger, and a reader past the larger would never see it.
  recorded bigserial NOT NULL UNIQUE,
  -- Delivery order, given by sequence_events() only to committed rows, in commit batches:
  -- every position a reader sees has all smaller ones visible too. NULL until then.
  position bigint UNIQUE,
  PRIMARY KEY (aggregate_id, sequence)
);
-- What sequence_events() has still to place, in insert order.
CREATE INDEX events_unplaced ON events (recorded) WHERE position IS NULL;

-- The last position placed; one row, locked by the placer (others skip placing meanwhile).
CREATE TABLE event_head (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  last_position bigint NOT NULL
);
INSERT INTO event_head (last_position) VALUES (0);

-- Places up to `batch` committed, unplaced events after the last position, in insert order
-- (an aggregate's events were inserted in sequence order: its counter row serializes them).
-- Each statement here takes its own snapshot, after the head lock, so it sees every row the
-- previous placer placed. Answers how many it placed; 0 when another placer holds the head.
CREATE FUNCTION sequence_events(batch integer) RETURNS integer
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  head bigint;
  placed integer;
BEGIN
  SELECT last_position INTO head FROM event_head FOR UPDATE SKIP LOCKED;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  UPDATE events e SET position = head + t.n
    FROM (SELECT recorded, row_number() OVER (ORDER BY recorded) AS n
            FROM (SELECT recorded FROM events WHERE position IS NULL ORDER BY recorded LIMIT batch) u) t
   WHERE e.recorded = t.recorded;
  GET DIAGNOSTICS placed = ROW_COUNT;
  IF placed > 0 THEN
    UPDATE event_head SET last_position = head + placed;
  END IF;
  RETURN placed;
END
$$;

-- A subscriber group: `cursor_position` is the last position handed to any of its consumers.
CREATE TABLE event_groups (
  name text COLLATE "C" PRIMARY KEY,
  cursor_position bigint NOT NULL
);

-- Events handed to a consumer and not yet settled; `since` restarts on touch and reclaim.
CREATE TABLE event_in_flight (
  group_name text COLLATE "C" NOT NULL REFERENCES event_groups (name),
  position bigint NOT NULL,
  consumer text NOT NULL,
  since bigint NOT NULL,
  PRIMARY KEY (group_name, position)
);
-- reclaim: a group's deliveries by idle time.
CREATE INDEX event_in_flight_by_since ON event_in_flight (group_name, since);

-- Each group's last settled sequence per aggregate: only ever raised (GREATEST).
CREATE TABLE event_settled (
  group_name text COLLATE "C" NOT NULL REFERENCES event_groups (name),
  aggregate_id text COLLATE "C" NOT NULL,
  sequence bigint NOT NULL,
  PRIMARY KEY (group_name, aggregate_id)
);

-- Events a group gave up on; the event is kept whole, since the outbox row may be trimmed.
CREATE TABLE event_dead_letters (
  group_name text COLLATE "C" NOT NULL REFERENCES event_groups (name),
  event_id text COLLATE "C" NOT NULL,
  event jsonb NOT NULL,
  error text NOT NULL,
  attempts integer NOT NULL,
  time bigint NOT NULL,
  PRIMARY KEY (group_name, event_id)
);
CREATE INDEX event_dead_letters_by_time ON event_dead_letters (group_name, time, event_id);
