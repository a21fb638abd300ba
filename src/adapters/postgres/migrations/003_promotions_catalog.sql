-- 003: promotions with their usage counters and holds, and the catalogue with its SKU claims.

CREATE TABLE promotions (
  id text COLLATE "C" PRIMARY KEY,
  -- The coupon code upper-cased (by the library, not the database locale); NULL when the
  -- promotion is automatic or another promotion took its code since (the last save wins).
  code_upper text COLLATE "C" UNIQUE,
  automatic boolean NOT NULL,
  -- Committed + reserved uses, overall.
  used bigint NOT NULL DEFAULT 0,
  doc jsonb NOT NULL
);
CREATE INDEX promotions_automatic ON promotions (id) WHERE automatic;

CREATE TABLE promotion_customer_usage (
  promotion_id text COLLATE "C" NOT NULL REFERENCES promotions (id),
  customer_id text COLLATE "C" NOT NULL,
  used bigint NOT NULL,
  PRIMARY KEY (promotion_id, customer_id)
);

-- A checkout's hold on one use of each of its promotions, until committed or released.
CREATE TABLE promotion_holds (
  hold_id text COLLATE "C" PRIMARY KEY,
  promotion_ids text[] NOT NULL,
  customer_id text COLLATE "C",
  state text NOT NULL CHECK (state IN ('reserved', 'committed'))
);

CREATE TABLE products (
  id text COLLATE "C" PRIMARY KEY,
  category text,
  brand text,
  active boolean NOT NULL,
  version integer NOT NULL,
  updated_at bigint NOT NULL,
  -- Variants, prices, attributes: read and written whole.
  doc jsonb NOT NULL
);
CREATE INDEX products_by_category ON products (category, id);
CREATE INDEX products_by_brand ON products (brand, id);

-- Which product holds each SKU: a SKU belongs to one product (the primary key says so).
CREATE TABLE product_skus (
  sku text COLLATE "C" PRIMARY KEY,
  product_id text COLLATE "C" NOT NULL REFERENCES products (id)
);
CREATE INDEX product_skus_by_product ON product_skus (product_id);
