-- 006: coupon holds that lapse. A hold reserved with an expiry is counted through its rows
-- in promotion_hold_uses (one per promotion) while it lasts, never in the `used` counters,
-- so a hold that a crashed or abandoned checkout never released stops counting at its expiry
-- with no sweep. Committing moves it into the counters, where committed uses stay.
ALTER TABLE promotion_holds ADD COLUMN expires_at bigint;

CREATE TABLE promotion_hold_uses (
  hold_id text COLLATE "C" NOT NULL,
  promotion_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C",
  expires_at bigint NOT NULL,
  PRIMARY KEY (hold_id, promotion_id)
);
CREATE INDEX promotion_hold_uses_live ON promotion_hold_uses (promotion_id, expires_at);
