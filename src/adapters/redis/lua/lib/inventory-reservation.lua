-- A reservation as the reservations hash stores it (docs/redis.md, inventory-records.ts):
--   "status",createdAt,expiresAt,settledAt|null,"sku",quantity,backordered,...,"id",orderId|null
-- the body of a JSON array (answers splice it in brackets). Steps rewrite only the head, the
-- first four values; the lines, id and order id stay as reserve wrote them.
--#include inventory-stock

-- status, createdAt, expiresAt (as text) and where the lines start.
local function reservation_head(record)
  return string.match(record, '^"(%a+)",([^,]*),([^,]*),[^,]*,()')
end

local function reservation_record(status, created_at, expires_at, settled_at, record, lines_at)
  return string.format('"%s",%s,%s,%s,', status, created_at, expires_at, settled_at) .. string.sub(record, lines_at)
end

-- The lines ({skus, sku_jsons, quantities}) and the id's JSON. Without a backslash in the
-- record no string in it holds a quote or an escape, so a pattern reads the strings as they
-- are; otherwise cjson decodes the whole record (odd ids or skus only).
local function reservation_lines(record, lines_at)
  local skus, sku_jsons, quantities = {}, {}, {}
  local lines = { skus = skus, sku_jsons = sku_jsons, quantities = quantities }
  if not string.find(record, '\\', 1, true) then
    local at, n = lines_at, 0
    while true do
      local sku, quantity, next_at = string.match(record, '^"([^"]*)",(%d+),%d+,()', at)
      if not sku then return lines, string.match(record, '^("[^"]*"),', at) end
      n = n + 1
      skus[n], sku_jsons[n], quantities[n], at = sku, '"' .. sku .. '"', tonumber(quantity), next_at
    end
  end
  local values = cjson.decode('[' .. record .. ']')
  for i = 5, #values - 2, 3 do
    local n = #skus + 1
    skus[n], sku_jsons[n], quantities[n] = values[i], cjson.encode(values[i]), values[i + 1]
  end
  return lines, cjson.encode(values[#values - 1])
end

-- Ends an active reservation: a sale takes the units off the shelf, a release or expiry only
-- frees them. Writes every line's item and its movement; the caller writes the reservation
-- (`reservation_record`); its expiry entry stays, for the sweep to drop. Answers the JSON list of changes.
local function settle(record, lines_at, status, now)
  local lines, id_json = reservation_lines(record, lines_at)
  if #lines.skus == 0 then return '[]' end
  local raws = call_many('HMGET', KEYS[1], lines.skus)
  local items = {}
  for i = 1, #raws do items[i] = read_item(raws[i]) end
  local sale = status == 'confirmed'
  return '[' .. move_stock(lines, raws, items, sale and 'sale' or 'release', '"' .. status .. '"', sale and -1 or 0, -1, now, id_json) .. ']'
end
