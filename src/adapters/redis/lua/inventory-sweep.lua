-- InventoryStore.sweepExpired: expires up to `limit` due reservations, oldest first.
-- KEYS[1..6] items, reservations, expiry, low stock, ledger, seq (see lib/inventory-common.lua)
-- ARGV[1]  now, epoch ms: reservations with expiresAt <= now are due
-- ARGV[2]  limit (>= 1)
-- Returns  {"expired":[{"reservation":{...},"changes":[...]}...],"more":bool}
-- The expiry index holds only active reservations, so the cost follows the number due.
--#include inventory-common
local now, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, limit + 1)
local expired, more = {}, false
for i, id in ipairs(due) do
  local raw = redis.call('HGET', KEYS[2], id)
  local reservation = raw and cjson.decode(raw)
  if not reservation or reservation.status ~= 'active' then
    -- Cannot happen while every script keeps the index; drop the stray entry all the same.
    redis.call('ZREM', KEYS[3], id)
  elseif #expired >= limit then
    more = true
    break
  else
    local json, changes = settle(reservation, 'expired', now)
    expired[#expired + 1] = '{"reservation":' .. json .. ',"changes":' .. changes .. '}'
  end
end
-- Stray entries took some of the limit + 1 fetched: more may be due, so say so.
if #due > limit then more = true end
return '{"expired":' .. list(expired) .. ',"more":' .. bool(more) .. '}'
