-- InventoryStore.reserve for one or more reservations, applied in order in ONE call. Mirrors
-- reserveRefusal / reserveStock / applyReorderRule / newReservation of src/inventory/stock-rules.ts
-- (and MemoryInventoryStore.reserve); pinned by test/redis/inventory-differential.property.test.ts.
-- Each reservation is all-or-nothing and decided exactly as if it ran alone: a later one sees
-- the stock the earlier ones took, and an id an earlier one took is a CONFLICT. The store sends
-- the reserves that are ready in the same tick together (batch-queue.ts), so they share one
-- call's fixed costs and one of each read and write. Everything is read and decided before the
-- first write, so an error in a read writes nothing.
-- The answer holds only the decisions and the items as they were before the call: Node replays
-- the applied reservations on those items with the same rules (inventory-reserve-replay.ts).
-- Each reservation carries its operation key (ports/replay.ts). One whose key exists was applied
-- by an earlier call (the same call sent again after its answer was lost, say): it is not applied
-- again, and answers what the key recorded: its reservation as first written and each line's
-- item just before it, from which Node rebuilds its first answer.
-- KEYS     items, reservations, expiry, low stock, ledger, seq, event stream, event sequences
--          (lib/inventory-events.lua), then the ledger list of each SKU
--          of the batch, in the order the batch first names them (see docs/redis.md), then the
--          operation key of each reservation, in call order
-- ARGV     for each reservation in turn, 6 + 3k arguments: reservation id, now (epoch ms),
--          expiresAt (epoch ms), the id as JSON, the order id as JSON (or null), its number of
--          lines k; then for each line (distinct SKUs): sku, sku as JSON, quantity (an integer).
--          Then '1' when the call records events (lib/inventory-events.lua), else '0'; last,
--          the replay window (ms).
-- Returns  {"decisions":[D,...],"items":[[record],...]}: one D per reservation, in order,
--          1 when it was applied, {"replay":{"reservation":[record],"before":[[record],...]}}
--          when an earlier call applied it, or {"ok":false,"code":C,"details":{...}} with C in
--          CONFLICT, SKU_NOT_FOUND, SKU_DISCONTINUED, INSUFFICIENT_INVENTORY (that order);
--          and, for each SKU an applied reservation took stock of, in the order applied
--          reservations first took it (call order, then line order), its item record as it
--          was before the call (lib/inventory-item.lua).
--#include call-many
--#include inventory-ledger
--#include inventory-expiry
--#include inventory-refusal

-- The reservations of the call, from ARGV, and the SKUs they name, each once, in the order of
-- their ledger lists in KEYS.
local reservations, skus, listed = {}, {}, {}
local at, last_arg = 1, #ARGV - 2
while at <= last_arg do
  local r = { id = ARGV[at], now = ARGV[at + 1], expires_at = ARGV[at + 2], id_json = ARGV[at + 3], order_json = ARGV[at + 4], lines = {} }
  local k = tonumber(ARGV[at + 5])
  for i = at + 6, at + 3 + 3 * k, 3 do
    local sku = ARGV[i]
    r.lines[#r.lines + 1] = { sku = sku, sku_json = ARGV[i + 1], quantity = tonumber(ARGV[i + 2]) }
    if not listed[sku] then
      listed[sku] = true
      skus[#skus + 1] = sku
    end
  end
  reservations[#reservations + 1] = r
  at = at + 6 + 3 * k
end
-- Node passes a ledger list per SKU in this order and an operation key per reservation; a
-- mismatch is a bug there, so nothing is written.
if #KEYS ~= 8 + #skus + #reservations then
  return redis.error_reply('inventory-reserve: ' .. #skus .. ' SKUs and ' .. #reservations .. ' reservations but ' .. (#KEYS - 8) .. ' more keys')
end
local ledger_of, op_of = {}, {}
for j, sku in ipairs(skus) do ledger_of[sku] = KEYS[8 + j] end
for j = 1, #reservations do op_of[j] = KEYS[8 + #skus + j] end

-- Reads, once for the call: the reservation ids taken, each SKU's item (kept as read in
-- `records`, decoded in `items`, which the decisions below change in Lua memory only), and
-- what each operation key recorded.
local taken, items, records, was_low = {}, {}, {}, {}
local ids = {}
for j, r in ipairs(reservations) do ids[j] = r.id end
for j, stored in ipairs(call_many('HMGET', KEYS[2], ids)) do
  if stored then taken[ids[j]] = true end
end
for j, raw in ipairs(call_many('HMGET', KEYS[1], skus)) do
  if raw then
    records[skus[j]], items[skus[j]] = raw, read_item(raw)
    was_low[skus[j]] = is_low(items[skus[j]])
  end
end
local recorded = redis.call('MGET', unpack(op_of)) -- at most 64 (inventory-store.ts)

-- What the decisions leave to write, gathered as they go.
local changed, is_changed = {}, {} -- SKUs taken from, in the order first taken
local reservation_writes = {} -- id, record, ...
local expiry_ids, expiry_times = {}, {} -- expiresAt -> ids (lib/inventory-expiry.lua), in order
local movements = {} -- { sku, json without its seq } in the order made; seqs are drawn at the end
local answers = {} -- operation key -> recorded answer, for the reservations applied here
local item_events = {} -- { sku, status before, item record after, reorder requested }, in the order made

-- A refused reservation's answer, every line's fault listed as reserveRefusal lists them.
local function refusal(r)
  local missing, discontinued, shortages = {}, {}, {}
  for _, line in ipairs(r.lines) do
    local item = items[line.sku]
    if not item then
      missing[#missing + 1] = line.sku
    elseif item.discontinued then
      discontinued[#discontinued + 1] = line.sku
    elseif not item.backorder and item.on_hand - item.reserved < line.quantity then
      shortages[#shortages + 1] = { sku = line.sku, requested = line.quantity, available = item.on_hand - item.reserved }
    end
  end
  if #missing > 0 then return refuse('SKU_NOT_FOUND', { skus = missing }) end
  if #discontinued > 0 then return refuse('SKU_DISCONTINUED', { skus = discontinued }) end
  if #shortages > 0 then return refuse('INSUFFICIENT_INVENTORY', { shortages = shortages }) end
  return nil
end

-- Decides reservation j and, when it passes, applies it to the call's state. Answers its decision.
local function reserve(j, r)
  local op = op_of[j]
  local first = answers[op] or recorded[j]
  if first then return '{"replay":' .. first .. '}' end
  if taken[r.id] then return refuse('CONFLICT', { reservationId = r.id, reason = 'reservation id taken' }) end
  local refused = refusal(r)
  if refused then return refused end

  local record_lines, before = {}, {}
  for _, line in ipairs(r.lines) do
    local sku, item = line.sku, items[line.sku]
    before[#before + 1] = is_changed[sku] and item_record(item) or records[sku]
    local short = line.quantity - math.max(item.on_hand - item.reserved, 0)
    record_lines[#record_lines + 1] = line.sku_json .. ',' .. int(line.quantity) .. ',' .. int(math.max(short, 0)) .. ','
    local previous = recording_events and status_of(item)
    item.reserved = item.reserved + line.quantity
    item.updated = r.now
    local requested = apply_reorder_rule(item)
    -- A copy of the item as this line leaves it (a later line of the call may change it
    -- again), taken only when the line makes news.
    if recording_events and (requested or crossing_type(previous, status_of(item))) then
      local copy = {}
      for field, value in pairs(item) do copy[field] = value end
      item_events[#item_events + 1] = { sku, previous, copy, requested }
    end
    if not is_changed[sku] then
      is_changed[sku] = true
      changed[#changed + 1] = sku
    end
    movements[#movements + 1] = { sku = sku, sku_json = line.sku_json, quantity = line.quantity, now = r.now, id_json = r.id_json }
  end
  taken[r.id] = true
  local record = '"active",' .. r.now .. ',' .. r.expires_at .. ',null,' .. table.concat(record_lines) .. r.id_json .. ',' .. r.order_json
  reservation_writes[#reservation_writes + 1] = r.id
  reservation_writes[#reservation_writes + 1] = record
  if not expiry_ids[r.expires_at] then
    expiry_ids[r.expires_at] = {}
    expiry_times[#expiry_times + 1] = r.expires_at
  end
  table.insert(expiry_ids[r.expires_at], r.id)
  answers[op] = '{"reservation":[' .. record .. '],"before":[[' .. table.concat(before, '],[') .. ']]}'
  return '1'
end

local decisions = {}
for j, r in ipairs(reservations) do decisions[j] = reserve(j, r) end

-- Each changed item's record, built once however many lines took from it, still before the
-- first write; and the items as they were before the call, for the answer.
local item_writes, before_call, now_low, no_longer_low = {}, {}, {}, {}
for i, sku in ipairs(changed) do
  local low = is_low(items[sku])
  if low ~= was_low[sku] then
    if low then now_low[#now_low + 1] = sku else no_longer_low[#no_longer_low + 1] = sku end
  end
  item_writes[2 * i - 1], item_writes[2 * i] = sku, item_record(items[sku])
  before_call[i] = records[sku]
end

-- The writes, once for the call.
local seq = #movements > 0 and redis.call('INCRBY', KEYS[6], #movements) - #movements or 0
local ledger_entries = {} -- sku -> movement JSON, in seq order
for m, move in ipairs(movements) do
  ledger_entries[move.sku] = ledger_entries[move.sku] or {}
  table.insert(ledger_entries[move.sku], movement(seq + m, move.sku_json, 'reservation', 0, move.quantity, '"reserved"', move.now, move.id_json))
end
local expiry_writes = {}
for _, expires_at in ipairs(expiry_times) do
  expiry_writes[#expiry_writes + 1] = expires_at
  expiry_writes[#expiry_writes + 1] = expiry_entry(expiry_ids[expires_at])
end
call_many('ZADD', KEYS[3], expiry_writes)
call_many('SADD', KEYS[4], now_low)
call_many('SREM', KEYS[4], no_longer_low)
for _, sku in ipairs(changed) do call_many('RPUSH', ledger_of[sku], ledger_entries[sku]) end
call_many('HSET', KEYS[2], reservation_writes)
call_many('HSET', KEYS[1], item_writes)
for _, e in ipairs(item_events) do record_item_events(e[1], e[2], e[3], e[4]) end
for op, answer in pairs(answers) do redis.call('SET', op, answer, 'PX', ARGV[#ARGV]) end

local items_json = #before_call == 0 and '[]' or '[[' .. table.concat(before_call, '],[') .. ']]'
return '{"decisions":[' .. table.concat(decisions, ',') .. '],"items":' .. items_json .. '}'
