-- An entry of the expiry index (KEYS[3], scored by expiresAt) lists reservations that expire
-- at its score: a NUL byte, then <byte length>:<id> for each id (any bytes, no escaping).
-- Reserve adds one entry per call and expiresAt, extend one for the id alone; the sweep
-- checks each id against its reservation (docs/redis.md, Expiry).
local function expiry_entry(ids)
  local parts = {}
  for i, id in ipairs(ids) do parts[i] = #id .. ':' .. id end
  return '\0' .. table.concat(parts)
end

local function expiry_ids(entry)
  local ids, at = {}, 2
  while at <= #entry do
    local length, start = string.match(entry, '^(%d+):()', at)
    if not length then break end
    at = start + tonumber(length)
    ids[#ids + 1] = string.sub(entry, start, at - 1)
  end
  return ids
end
