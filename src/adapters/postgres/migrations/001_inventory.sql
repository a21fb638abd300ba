-- 001: the replay table every store step writes, and inventory (items, reservations, ledger).
-- Ids sort in code point order (COLLATE "C") so listings page the same on every locale.
-- Times are epoch milliseconds (bigint), as the ports carry them: the stores have no clock.

-- One row per applied step (ports/replay.ts), written in the step's own transaction.
CREATE TABLE applied_ops (
  op_id text COLLATE "C" PRIMARY KEY,
  answer jsonb,
  applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX applied_ops_applied_at ON applied_ops (applied_at);

CREATE TABLE inventory_items (
  sku text COLLATE "C" PRIMARY KEY,
  product_name text NOT NULL,
  on_hand bigint NOT NULL,
  reserved bigint NOT NULL CHECK (reserved >= 0),
  reorder_point bigint NOT NULL,
  reorder_quantity bigint NOT NULL,
  cost_amount text NOT NULL,
  cost_currency text NOT NULL,
  location text NOT NULL,
  supplier_id text NOT NULL,
  allow_backorder boolean NOT NULL,
  discontinued boolean NOT NULL,
  reorder_pending boolean NOT NULL,
  reorder_count bigint NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  -- Stock that may not go below zero never does, whatever a writer does.
  CHECK (allow_backorder OR (on_hand >= 0 AND on_hand - reserved >= 0))
);
-- listLowStockItems: items at or under their reorder point.
CREATE INDEX inventory_items_low_stock ON inventory_items (sku) WHERE NOT discontinued AND on_hand - reserved <= reorder_point;

CREATE TABLE reservations (
  id text COLLATE "C" PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('active', 'confirmed', 'released', 'expired')),
  order_id text,
  -- [{sku, quantity, backordered}] sorted by SKU: read and written whole, never queried into.
  lines jsonb NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  settled_at bigint
);
-- sweepExpired: active reservations by expiry, oldest first.
CREATE INDEX reservations_active_expiry ON reservations (expires_at, id) WHERE status = 'active';
CREATE INDEX reservations_order ON reservations (order_id) WHERE order_id IS NOT NULL;

-- The append-only stock ledger: summing the deltas of a SKU gives its on_hand and reserved.
CREATE TABLE stock_movements (
  seq bigserial PRIMARY KEY,
  sku text COLLATE "C" NOT NULL REFERENCES inventory_items (sku),
  kind text NOT NULL CHECK (kind IN ('receipt', 'adjustment', 'reservation', 'release', 'sale')),
  on_hand_delta bigint NOT NULL,
  reserved_delta bigint NOT NULL,
  reason text NOT NULL,
  at bigint NOT NULL,
  reservation_id text COLLATE "C" REFERENCES reservations (id)
);
CREATE INDEX stock_movements_sku ON stock_movements (sku, seq);
