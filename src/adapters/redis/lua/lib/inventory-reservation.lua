-- A reservation as the reservations hash stores it (docs/redis.md, inventory-records.ts):
--   "status",createdAt,expiresAt,settledAt|null,"sku",quantity,backordered,...,"id",orderId|null
-- the body of a JSON array (answers splice it in brackets). Steps rewrite only the head, the
-- first four values; the lines, id and order id stay as reserve wrote them.

-- status, createdAt, expiresAt (as text) and where the lines start.
local function reservation_head(record)
  return string.match(record, '^"(%a+)",([^,]*),([^,]*),[^,]*,()')
end

local function reservation_record(status, created_at, expires_at, settled_at, record, lines_at)
  return string.format('"%s",%s,%s,%s,', status, created_at, expires_at, settled_at) .. string.sub(record, lines_at)
end

-- The lines (raw skus, their JSON, quantities) and the id's JSON. Without a backslash in the
-- record no string in it holds a quote or an escape, so a pattern reads the strings as they
-- are; otherwise cjson decodes the whole record (odd ids or skus only).
local function reservation_lines(record, lines_at)
  local skus, sku_jsons, quantities = {}, {}, {}
  if not string.find(record, '\\', 1, true) then
    local at, n = lines_at, 0
    while true do
      local sku, quantity, next_at = string.match(record, '^"([^"]*)",(%d+),%d+,()', at)
      if not sku then return skus, sku_jsons, quantities, string.match(record, '^("[^"]*"),', at) end
      n = n + 1
      skus[n], sku_jsons[n], quantities[n], at = sku, '"' .. sku .. '"', tonumber(quantity), next_at
    end
  end
  local values = cjson.decode('[' .. record .. ']')
  for i = 5, #values - 2, 3 do
    local n = #skus + 1
    skus[n], sku_jsons[n], quantities[n] = values[i], cjson.encode(values[i]), values[i + 1]
  end
  return skus, sku_jsons, quantities, cjson.encode(values[#values - 1])
end

-- Ends an active reservation: a sale takes the units off the shelf, a release or expiry only
-- frees them. Writes every line's item and its movement; the caller writes the reservation
-- (`reservation_record`) and drops its expiry entry. Answers the JSON list of changes.
local function settle(record, lines_at, status, now)
  local skus, sku_jsons, quantities, id_json = reservation_lines(record, lines_at)
  local n = #skus
  if n == 0 then return '[]' end
  local raws = call_many('HMGET', KEYS[1], skus)
  local seq = redis.call('INCRBY', KEYS[6], n) - n
  local sale = status == 'confirmed'
  local kind, reason = sale and 'sale' or 'release', '"' .. status .. '"'
  local writes, moves, changes = {}, {}, {}
  for i = 1, n do
    local sku, quantity = skus[i], quantities[i]
    local item = read_item(raws[i])
    local was_low = is_low(item)
    item.reserved = item.reserved - quantity
    if sale then item.on_hand = item.on_hand - quantity end
    item.updated = now
    local after, change = finish(sku, raws[i], item, was_low)
    local member = movement(seq + i, sku, sku_jsons[i], kind, sale and -quantity or 0, -quantity, reason, now, id_json)
    writes[2 * i - 1], writes[2 * i], moves[2 * i - 1], moves[2 * i], changes[i] = sku, after, 0, member, change
  end
  call_many('HSET', KEYS[1], writes)
  call_many('ZADD', KEYS[5], moves)
  return '[' .. table.concat(changes, ',') .. ']'
end
