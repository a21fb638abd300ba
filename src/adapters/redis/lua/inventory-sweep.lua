-- InventoryStore.sweepExpired: expires up to `limit` due reservations, oldest first.
-- Mirrors settleStock / applyReorderRule (src/inventory/stock-rules.ts), through lib/inventory-stock.lua;
-- pinned by test/redis/inventory-differential.property.test.ts.
-- KEYS[1..8] items, reservations, expiry, low stock, ledger, seq, event stream, event sequences
--          (see docs/redis.md)
-- ARGV[1]  now, epoch ms: reservations with expiresAt <= now are due
-- ARGV[2]  limit (>= 0)
-- ARGV[3]  '1' when the step records its events (lib/inventory-events.lua), else '0'
-- KEYS[9], ARGV[4]  the operation key and replay window (lib/replay.lua): a sweep whose answer
--          was lost answers what it expired
-- Returns  {"expired":[{"reservation":[record],"changes":[...]}...],"more":bool} (as reserve);
--          more is true when a due reservation is left for another call, or when the call
--          stopped at its reading budget with due entries left (see below).
-- The index holds hints (lib/inventory-expiry.lua): a reservation is live in an entry when it
-- is active and its expiresAt is the entry's score; others (settled, or extended: their newer
-- entry carries them) are dropped as the sweep passes. Settling does not touch the index, so
-- the sweep's cost follows the entries that fell due, live or not; each is read once, then
-- removed or, where the limit cut it, rewritten with the ids it still holds. Entries of
-- settled reservations pile up until their time comes (all of a day's, if no sweep ran), so
-- one call reads about 1,000 + limit ids at most (whole entries) and then answers more; Redis
-- runs nothing else while a script runs.
-- It reads and checks everything first (every record it will settle, every item those touch),
-- then writes: a record that does not read fails the call with nothing written.
--#include inventory-expiry
--#include inventory-reservation
--#include replay
local first = replayed() if first then return first end
local now, limit = ARGV[1], tonumber(ARGV[2])

-- Reads: the due entries, oldest first, and what to do with each.
local entries, seen, taking, more, budget, offset = {}, {}, 0, false, 1000 + limit, 0
while not more do
  local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'WITHSCORES', 'LIMIT', offset, limit + 1)
  if #due == 0 then break end
  offset = offset + #due / 2
  for d = 1, #due, 2 do
    if budget <= 0 then
      more = true
      break
    end
    local entry = { member = due[d], score = due[d + 1], expire = {}, kept = {} }
    local ids = expiry_ids(entry.member)
    budget = budget - #ids
    local records = call_many('HMGET', KEYS[2], ids)
    for i, id in ipairs(ids) do
      local record = records[i]
      local status, created_at, expires_at, lines_at
      if record and not seen[id] then status, created_at, expires_at, lines_at = reservation_head(record) end
      if status == 'active' and tonumber(expires_at) == tonumber(entry.score) then
        seen[id] = true
        if taking < limit then
          taking = taking + 1
          local lines = reservation_lines(record, lines_at)
          for _, raw in ipairs(call_many('HMGET', KEYS[1], lines.skus)) do read_item(raw) end
          entry.expire[#entry.expire + 1] = { id = id, record = record, created_at = created_at, expires_at = expires_at, lines_at = lines_at }
        else
          entry.kept[#entry.kept + 1] = id
        end
      end
    end
    entries[#entries + 1] = entry
    if #entry.kept > 0 then
      more = true
      break
    end
  end
end
if #entries == 0 then return '{"expired":[],"more":' .. (more and 'true' or 'false') .. '}' end

-- Writes.
local expired = {}
for _, entry in ipairs(entries) do
  for _, r in ipairs(entry.expire) do
    local changes = settle(r.record, r.lines_at, 'expired', now)
    local record = reservation_record('expired', r.created_at, r.expires_at, now, r.record, r.lines_at)
    redis.call('HSET', KEYS[2], r.id, record)
    expired[#expired + 1] = '{"reservation":[' .. record .. '],"changes":' .. changes .. '}'
  end
  redis.call('ZREM', KEYS[3], entry.member)
  if #entry.kept > 0 then redis.call('ZADD', KEYS[3], entry.score, expiry_entry(entry.kept)) end
end
return applied('{"expired":[' .. table.concat(expired, ',') .. '],"more":' .. (more and 'true' or 'false') .. '}')
