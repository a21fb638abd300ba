-- InventoryStore.sweepExpired: expires up to `limit` due reservations, oldest first.
-- KEYS[1..6] items, reservations, expiry, low stock, ledger, seq (see docs/redis.md)
-- ARGV[1]  now, epoch ms: reservations with expiresAt <= now are due
-- ARGV[2]  limit (>= 1)
-- Returns  {"expired":[{"reservation":[record],"changes":[...]}...],"more":bool} (as reserve)
-- The expiry index holds only active reservations, so the cost follows the number due.
--#include call-many
--#include inventory-item
--#include inventory-ledger
--#include inventory-stock
--#include inventory-reservation
local now, limit = ARGV[1], tonumber(ARGV[2])
local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, limit + 1)
if #due == 0 then return '{"expired":[],"more":false}' end
local records = call_many('HMGET', KEYS[2], due)
local expired, writes, unindex = {}, {}, {}
for i, id in ipairs(due) do
  local record = records[i]
  local status, created_at, expires_at, lines_at
  if record then status, created_at, expires_at, lines_at = reservation_head(record) end
  if status ~= 'active' then
    -- Cannot happen while every script keeps the index; drop the stray entry all the same.
    unindex[#unindex + 1] = id
  elseif #expired < limit then
    local changes = settle(record, lines_at, 'expired', now)
    record = reservation_record('expired', created_at, expires_at, now, record, lines_at)
    writes[2 * #expired + 1], writes[2 * #expired + 2] = id, record
    unindex[#unindex + 1] = id
    expired[#expired + 1] = '{"reservation":[' .. record .. '],"changes":' .. changes .. '}'
  end
end
if #writes > 0 then call_many('HSET', KEYS[2], writes) end
if #unindex > 0 then call_many('ZREM', KEYS[3], unindex) end
-- Stray entries took some of the limit + 1 fetched: more may be due, so say so.
return '{"expired":[' .. table.concat(expired, ',') .. '],"more":' .. (#due > limit and 'true' or 'false') .. '}'
