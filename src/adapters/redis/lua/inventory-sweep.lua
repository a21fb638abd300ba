-- InventoryStore.sweepExpired: expires up to `limit` due reservations, oldest first.
-- KEYS     items, reservations, expiry, low stock, seq, then the ledgers of ARGV[3..] (see
--          docs/redis.md)
-- ARGV[1]  now, epoch ms: reservations with expiresAt <= now are due
-- ARGV[2]  limit (>= 1)
-- ARGV[3..] SKUs whose ledgers follow the fixed KEYS
-- Returns  {"expired":[{"reservation":[record],"changes":[...]}...],"more":bool} (as reserve),
--          or {"ledgers":[sku,...]} when a due reservation's SKUs were not all given: nothing
--          is written and Node calls again with them.
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

-- Every due reservation's lines, read before the first write, so a missing ledger writes nothing.
local ledgers, ending, unindex, missing, listed = ledger_keys_from(3), {}, {}, {}, {}
for i, id in ipairs(due) do
  local record = records[i]
  local status, created_at, expires_at, lines_at
  if record then status, created_at, expires_at, lines_at = reservation_head(record) end
  if status ~= 'active' then
    -- Cannot happen while every script keeps the index; drop the stray entry all the same.
    unindex[#unindex + 1] = id
  elseif #ending < limit then
    local lines, id_json = reservation_lines(record, lines_at)
    for j, sku in ipairs(lines.skus) do
      if not ledgers[sku] and not listed[sku] then
        listed[sku] = true
        missing[#missing + 1] = lines.sku_jsons[j]
      end
    end
    ending[#ending + 1] = { id = id, record = record, created_at = created_at, expires_at = expires_at, lines_at = lines_at, lines = lines, id_json = id_json }
  end
end
if #missing > 0 then return '{"ledgers":[' .. table.concat(missing, ',') .. ']}' end

local expired, writes = {}, {}
for i, r in ipairs(ending) do
  local changes = settle(r.lines, r.id_json, 'expired', now, ledgers)
  local record = reservation_record('expired', r.created_at, r.expires_at, now, r.record, r.lines_at)
  writes[2 * i - 1], writes[2 * i] = r.id, record
  unindex[#unindex + 1] = r.id
  expired[i] = '{"reservation":[' .. record .. '],"changes":' .. changes .. '}'
end
if #writes > 0 then call_many('HSET', KEYS[2], writes) end
if #unindex > 0 then call_many('ZREM', KEYS[3], unindex) end
-- Stray entries took some of the limit + 1 fetched: more may be due, so say so.
return '{"expired":[' .. table.concat(expired, ',') .. '],"more":' .. (#due > limit and 'true' or 'false') .. '}'
