-- InventoryStore.release: frees an active reservation; idempotent; a sale is not released.
-- Mirrors settleStock / applyReorderRule (src/inventory/stock-rules.ts), through lib/inventory-stock.lua;
-- pinned by test/redis/inventory-differential.property.test.ts.
-- KEYS[1..8] items, reservations, expiry, low stock, ledger, seq, event stream, event sequences
--          (see docs/redis.md)
-- ARGV[1]  reservation id
-- ARGV[2]  now, epoch ms
-- ARGV[3]  '1' when the step records its events (lib/inventory-events.lua), else '0'
-- KEYS[9], ARGV[4]  the operation key and replay window (lib/replay.lua)
-- Returns  {"ok":true,"reservation":[record],"changed":bool,"changes":[...]} (as reserve) or
--          {"ok":false,"code":"RESERVATION_NOT_FOUND"|"RESERVATION_NOT_ACTIVE","details":{...}}
--#include inventory-end
--#include inventory-refusal
--#include replay
local first = replayed() if first then return first end
local id, now = ARGV[1], ARGV[2]
local record = redis.call('HGET', KEYS[2], id)
if not record then return refuse('RESERVATION_NOT_FOUND', { reservationId = id }) end
local status, created_at, expires_at, lines_at = reservation_head(record)
if status == 'released' or status == 'expired' then
  return '{"ok":true,"changed":false,"changes":[],"reservation":[' .. record .. ']}'
end
if status == 'confirmed' then
  return refuse('RESERVATION_NOT_ACTIVE', { reservationId = id, status = 'confirmed' })
end
return applied(end_reservation(id, record, created_at, expires_at, lines_at, 'released', now))
