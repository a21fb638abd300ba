-- 004: carts (with the user links and the expiry index) and checkouts in progress. Both are
-- hot, short-lived state a deployment may keep on Redis instead (docs/postgres.md).

CREATE TABLE carts (
  id text COLLATE "C" PRIMARY KEY,
  user_id text COLLATE "C",
  version integer NOT NULL,
  updated_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  -- The cart with its lines and coupon codes, read and written whole.
  doc jsonb NOT NULL
);
-- takeExpired: carts by expiry, oldest first.
CREATE INDEX carts_expiry ON carts (expires_at, id);

-- Which cart a user has: the link may outlive its cart, as the port allows.
CREATE TABLE cart_users (
  user_id text COLLATE "C" PRIMARY KEY,
  cart_id text COLLATE "C" NOT NULL
);
CREATE INDEX cart_users_by_cart ON cart_users (cart_id);

CREATE TABLE checkouts (
  id text COLLATE "C" PRIMARY KEY,
  version integer NOT NULL,
  expires_at bigint NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX checkouts_expiry ON checkouts (expires_at);
