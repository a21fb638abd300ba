-- 005: fraud velocity counters, idempotency claims, and the recommendation engine's
-- interaction log and model snapshots.

-- A member of a velocity key keeps the latest time it was seen; counting is a range scan.
CREATE TABLE velocity_members (
  key text COLLATE "C" NOT NULL,
  member text COLLATE "C" NOT NULL,
  at bigint NOT NULL,
  PRIMARY KEY (key, member)
);
CREATE INDEX velocity_members_by_time ON velocity_members (key, at);

CREATE TABLE idempotency_records (
  key text COLLATE "C" PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('in_progress', 'completed')),
  fingerprint text NOT NULL,
  owner text,
  result jsonb,
  expires_at bigint NOT NULL
);
CREATE INDEX idempotency_records_expiry ON idempotency_records (expires_at);

-- Append-only; ties in time keep append order by seq.
CREATE TABLE interactions (
  seq bigserial PRIMARY KEY,
  user_id text COLLATE "C" NOT NULL,
  product_id text COLLATE "C" NOT NULL,
  type text NOT NULL CHECK (type IN ('view', 'cart', 'purchase', 'return')),
  weight double precision NOT NULL,
  at double precision NOT NULL,
  session_id text,
  order_id text
);
CREATE INDEX interactions_by_user ON interactions (user_id, at, seq);
CREATE INDEX interactions_by_time ON interactions (at, seq);

CREATE TABLE model_snapshot_names (
  name text COLLATE "C" PRIMARY KEY,
  last_version integer NOT NULL
);

CREATE TABLE model_snapshots (
  name text COLLATE "C" NOT NULL REFERENCES model_snapshot_names (name),
  version integer NOT NULL,
  trained_at double precision NOT NULL,
  saved_at bigint NOT NULL,
  bytes integer NOT NULL,
  -- The JSON text exactly as saved (text, not jsonb: jsonb would reorder keys and drop duplicates).
  json text NOT NULL,
  PRIMARY KEY (name, version)
);
