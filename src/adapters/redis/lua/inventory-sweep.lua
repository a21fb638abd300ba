-- InventoryStore.sweepExpired: expires up to `limit` due reservations, oldest first.
-- KEYS[1..6] items, reservations, expiry, low stock, ledger, seq (see docs/redis.md)
-- ARGV[1]  now, epoch ms: reservations with expiresAt <= now are due
-- ARGV[2]  limit (>= 0)
-- Returns  {"expired":[{"reservation":[record],"changes":[...]}...],"more":bool} (as reserve);
--          more is true when a due reservation is left for another call, or when the call
--          stopped at its reading budget with due entries left (see below).
-- The expiry index holds hints, scored by expiresAt: reserve adds one member per call and
-- expiresAt, listing the ids it reserved with that expiresAt (names_of); extend adds the id
-- alone (as did every step of an earlier version). A reservation is live in an entry when it
-- is active and its expiresAt is the entry's score; others (settled, or extended: their
-- newer entry carries them) are dropped as the sweep passes. Settling does not touch the
-- index, so the sweep's cost follows the entries that fell due, live or not; each is read
-- once, then removed or, where the limit cut it, rewritten with the ids it still holds.
-- Entries of settled reservations pile up until their time comes (all of a day's, if no
-- sweep ran), so one call reads about 1,000 + limit ids at most (whole entries) and then
-- answers more; Redis runs nothing else while a script runs.
--#include call-many
--#include inventory-item
--#include inventory-ledger
--#include inventory-stock
--#include inventory-reservation
local now, limit = ARGV[1], tonumber(ARGV[2])

-- The ids an entry names: the member itself (an id), and, when it starts with a NUL byte, the
-- ids it lists as <byte length>:<id> one after another (any bytes, no escaping). A member of
-- an earlier version that happens to read as a list still names itself, so no reservation
-- misses its expiry over the format.
local function names_of(member)
  local names = { member }
  if string.byte(member) ~= 0 then return names end
  local at = 2
  while at <= #member do
    local length, start = string.match(member, '^(%d+):()', at)
    if not length then break end
    at = start + tonumber(length)
    names[#names + 1] = string.sub(member, start, at - 1)
  end
  return names
end

local expired, seen, more, budget = {}, {}, false, 1000 + limit
-- Entries come in pages of limit + 1; every entry read is removed (or cut, which stops the
-- sweep), so each page starts at the front of what is left due.
while not more do
  local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit + 1)
  if #due == 0 then break end
  for d = 1, #due, 2 do
    if budget <= 0 then
      more = true
      break
    end
    local member, score = due[d], due[d + 1]
    local names = names_of(member)
    budget = budget - #names
    local records = call_many('HMGET', KEYS[2], names)
    local kept = {}
    for i, id in ipairs(names) do
      local record = records[i]
      local status, created_at, expires_at, lines_at
      if record and not seen[id] then status, created_at, expires_at, lines_at = reservation_head(record) end
      if status == 'active' and tonumber(expires_at) == tonumber(score) then
        seen[id] = true
        if #expired < limit then
          local changes = settle(record, lines_at, 'expired', now)
          record = reservation_record('expired', created_at, expires_at, now, record, lines_at)
          redis.call('HSET', KEYS[2], id, record)
          expired[#expired + 1] = '{"reservation":[' .. record .. '],"changes":' .. changes .. '}'
        else
          kept[#kept + 1] = #id .. ':' .. id
        end
      end
    end
    redis.call('ZREM', KEYS[3], member)
    if #kept > 0 then
      redis.call('ZADD', KEYS[3], score, '\0' .. table.concat(kept))
      more = true
      break
    end
  end
end
return '{"expired":[' .. table.concat(expired, ',') .. '],"more":' .. (more and 'true' or 'false') .. '}'
