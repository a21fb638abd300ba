-- InventoryStore.extend: moves the expiry of an active, unexpired reservation and indexes it
-- Mirrors MemoryInventoryStore.extend; pinned by test/redis/inventory-differential.property.test.ts.
-- alone at the new time; its earlier entry (which may list others) stays, and the sweep drops
-- it there.
-- KEYS[1..8] items, reservations, expiry, low stock, ledger, seq, event stream, event sequences
--          (see docs/redis.md)
-- ARGV[1]  reservation id
-- ARGV[2]  new expiresAt, epoch ms
-- ARGV[3]  now, epoch ms
-- ARGV[4]  '1' when the step records its events (lib/inventory-events.lua), else '0'
-- KEYS[9], ARGV[5]  the operation key and replay window (lib/replay.lua)
-- Returns  {"ok":true,"reservation":[record]} (as reserve) or
--          {"ok":false,"code":"RESERVATION_NOT_FOUND"|"RESERVATION_NOT_ACTIVE","details":{...}}
--#include inventory-reservation
--#include inventory-expiry
--#include inventory-refusal
--#include replay
local first = replayed() if first then return first end
local id = ARGV[1]
local record = redis.call('HGET', KEYS[2], id)
if not record then return refuse('RESERVATION_NOT_FOUND', { reservationId = id }) end
local status, created_at, expires_at, lines_at = reservation_head(record)
if status == 'active' and tonumber(ARGV[3]) >= tonumber(expires_at) then status = 'expired' end
if status ~= 'active' then
  return refuse('RESERVATION_NOT_ACTIVE', { reservationId = id, status = status, expiresAt = tonumber(expires_at) })
end
record = reservation_record('active', created_at, ARGV[2], 'null', record, lines_at)
redis.call('HSET', KEYS[2], id, record)
redis.call('ZADD', KEYS[3], ARGV[2], expiry_entry({ id }))
return applied('{"ok":true,"reservation":[' .. record .. ']}')
