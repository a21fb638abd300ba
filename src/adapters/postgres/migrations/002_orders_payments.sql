-- 002: orders (with the order-number sequence) and payments (with their ledgers, parked
-- webhook events and customer spend). The whole record is jsonb (nested lines, history,
-- ledger); what the ports list or look up by is a real column beside it.

CREATE SEQUENCE order_number_seq;

CREATE TABLE orders (
  id text COLLATE "C" PRIMARY KEY,
  number text COLLATE "C" NOT NULL UNIQUE,
  customer_id text COLLATE "C",
  email text NOT NULL,
  status text NOT NULL,
  currency text NOT NULL,
  total_amount numeric NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  version integer NOT NULL,
  doc jsonb NOT NULL
);
-- listByCustomer: newest first; listByStatus: oldest first; both (created_at, id) cursors.
CREATE INDEX orders_by_customer ON orders (customer_id, created_at DESC, id DESC) WHERE customer_id IS NOT NULL;
CREATE INDEX orders_by_status ON orders (status, created_at, id);

CREATE TABLE payments (
  id text COLLATE "C" PRIMARY KEY,
  order_id text COLLATE "C" NOT NULL,
  status text NOT NULL,
  customer_key text NOT NULL,
  currency text NOT NULL,
  amount_minor bigint NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  version integer NOT NULL,
  -- Set once the payment counted into customer_spend (first authorized or captured).
  spend_counted boolean NOT NULL DEFAULT false,
  doc jsonb NOT NULL
);
CREATE INDEX payments_by_order ON payments (order_id);
CREATE INDEX payments_by_status ON payments (status, updated_at);

-- Verified webhook events that arrived before their payment was stored.
CREATE TABLE parked_payment_events (
  payment_id text COLLATE "C" NOT NULL,
  event_id text COLLATE "C" NOT NULL,
  -- Parked order: events come back in the order they arrived.
  seq bigserial NOT NULL,
  event jsonb NOT NULL,
  received_at bigint NOT NULL,
  PRIMARY KEY (payment_id, event_id)
);

CREATE TABLE customer_spend (
  customer_key text NOT NULL,
  currency text NOT NULL,
  count bigint NOT NULL,
  total_minor bigint NOT NULL,
  max_minor bigint NOT NULL,
  PRIMARY KEY (customer_key, currency)
);
