-- InventoryStore.reserve for one or more reservations, applied in order in ONE call. Each is
-- all-or-nothing and decided exactly as if it ran alone: a later one sees the stock the
-- earlier ones took, and an id an earlier one took is a CONFLICT. The store sends the
-- reserves that are ready in the same tick together (inventory-reserve-queue.ts), so they
-- share one call's fixed costs and one of each read and write. Everything is read and
-- decided before the first write, so an error in a read (a key of the wrong type) writes
-- nothing.
-- The answer holds only the decisions and the items as they were before the call: Node
-- replays the applied reservations on those items with the same rules
-- (inventory-reserve-replay.ts) to build each reservation and its changes, so this script
-- builds an item record once per SKU (for its write), not twice per line for the answer.
-- Each reservation carries its operation key (ports/replay.ts). One whose key exists was
-- applied by an earlier call (the same call sent again after its answer was lost, say): it is
-- not applied again, and answers what the key recorded, its reservation as first written and
-- the items as they were just before it, from which Node rebuilds its first answer.
-- KEYS     items, reservations, expiry, low stock, ledger, seq, then the ledger list of each SKU
--          of the batch, in the order the batch first names them (see docs/redis.md), then the
--          operation key of each reservation, in call order
-- ARGV     for each reservation in turn: reservation id, now (epoch ms), expiresAt (epoch ms),
--          the end of its record (the id as JSON, a comma, the order id as JSON or null),
--          its number of lines k, then for each of its k lines (distinct SKUs): sku, sku as
--          JSON, quantity (an integer), and the line's movement JSON after its seq
--          (`,"sku":...}`, built by Node); and last, the replay window (ms)
-- Returns  {"decisions":[D,...],"items":[[record],...]}: one D per reservation, in order,
--          1 when it was applied, {"replay":{"reservation":[record],"before":[[record],...]}}
--          when an earlier call applied it (before: each line's item just before it), or
--          {"ok":false,"code":C,"details":{...}} with C in CONFLICT, SKU_NOT_FOUND,
--          SKU_DISCONTINUED, INSUFFICIENT_INVENTORY (that order);
--          and, for each SKU an applied reservation took stock of, in the order applied
--          reservations first took it (call order, then line order), its item record as it
--          was before the call (lib/inventory-item.lua).
--#include call-many
--#include inventory-item
--#include inventory-ledger
--#include inventory-expiry
--#include inventory-refusal

-- Where each reservation starts in ARGV, its id, and the SKUs of the batch, each once, in the
-- order of their ledger lists in KEYS.
local starts, ids, skus, listed = {}, {}, {}, {}
local at, argc = 1, #ARGV - 1
while at <= argc do
  starts[#starts + 1], ids[#ids + 1] = at, ARGV[at]
  local after_lines = at + 5 + 4 * tonumber(ARGV[at + 4])
  for i = at + 5, after_lines - 1, 4 do
    if not listed[ARGV[i]] then
      listed[ARGV[i]] = true
      skus[#skus + 1] = ARGV[i]
    end
  end
  at = after_lines
end
-- Node passes a ledger per SKU in this order and an operation key per reservation; a mismatch
-- is a bug there, so nothing is written.
if #KEYS ~= 6 + #skus + #starts then
  return redis.error_reply('inventory-reserve: ' .. #skus .. ' SKUs and ' .. #starts .. ' reservations but ' .. (#KEYS - 6) .. ' more keys')
end
local first_op, replay_window = 6 + #skus, ARGV[#ARGV]

-- The reads, once for the batch. From here on it works on `taken` (ids stored or reserved by
-- the batch) and `items` (each SKU's item as the batch left it so far); `records` keeps each
-- SKU's record as read, for the answer.
local taken, items, records, was_low = {}, {}, {}, {}
local stored = call_many('HMGET', KEYS[2], ids)
for i, id in ipairs(ids) do
  if stored[i] then taken[id] = true end
end
local raws = call_many('HMGET', KEYS[1], skus)
for i, sku in ipairs(skus) do
  if raws[i] then
    records[sku], items[sku] = raws[i], read_item(raws[i])
    was_low[sku] = is_low(items[sku])
  end
end

-- A refused reservation's answer, with every line's fault as the memory store lists them.
local function refusal(at, last)
  local missing, discontinued, shortages = {}, {}, {}
  for i = at + 5, last, 4 do
    local sku, quantity, item = ARGV[i], tonumber(ARGV[i + 2]), items[ARGV[i]]
    if not item then
      missing[#missing + 1] = sku
    else
      local available = item.on_hand - item.reserved
      if item.discontinued then
        discontinued[#discontinued + 1] = sku
      elseif not item.backorder and available < quantity then
        shortages[#shortages + 1] = { sku = sku, requested = quantity, available = available }
      end
    end
  end
  if #missing > 0 then return refuse('SKU_NOT_FOUND', { skus = missing }) end
  if #discontinued > 0 then return refuse('SKU_DISCONTINUED', { skus = discontinued }) end
  return refuse('INSUFFICIENT_INVENTORY', { shortages = shortages })
end

-- The writes are gathered as it goes and made once: reservations, their ids by expiresAt
-- (one expiry entry per expiresAt, lib/inventory-expiry.lua: one ZADD member per call
-- instead of one per reservation), the
-- SKUs changed (in the order applied reservations first took them, which is also the order
-- of the answer's items), and for each movement the ARGV index of its line (the seqs are
-- drawn once their number is known).
local reservation_writes, expiry_groups, expiry_times, changed, is_changed, moved_line = {}, {}, {}, {}, {}, {}
local op_writes, applied_ops = {}, {} -- operation keys of the reservations applied here, in order; key -> its recorded answer
local n = 0

-- Decides reservation j (starting at ARGV[at]) against the batch's state so far and, when it
-- passes, applies it to that state. Answers its decision: 1, its replay, or its refusal.
local function reserve(j, at)
  local id, now, expires_at, last = ARGV[at], ARGV[at + 1], ARGV[at + 2], at + 1 + 4 * tonumber(ARGV[at + 4])
  local op = KEYS[first_op + j]
  local recorded = applied_ops[op] or redis.call('GET', op)
  if recorded then return '{"replay":' .. recorded .. '}' end
  if taken[id] then return refuse('CONFLICT', { reservationId = id, reason = 'reservation id taken' }) end
  for i = at + 5, last, 4 do
    local item = items[ARGV[i]]
    if not item or item.discontinued or (not item.backorder and item.on_hand - item.reserved < tonumber(ARGV[i + 2])) then
      return refusal(at, last)
    end
  end

  -- Every check passed: take the stock, in Lua memory only. One line (most reservations)
  -- needs no table to join; none or several do.
  local lines = last ~= at + 5 and {} or nil
  local line
  local before = {} -- each line's item as it was just before this reservation, for its recorded answer
  for i = at + 5, last, 4 do
    local sku, quantity, item = ARGV[i], tonumber(ARGV[i + 2]), items[ARGV[i]]
    before[#before + 1] = is_changed[sku] and item_record(item) or records[sku]
    local available = item.on_hand - item.reserved
    local short = available > 0 and quantity - available or quantity
    line = ARGV[i + 1] .. ',' .. ARGV[i + 2] .. (short > 0 and string.format(',%d,', short) or ',0,')
    if lines then lines[#lines + 1] = line end
    item.reserved = item.reserved + quantity
    item.updated = now
    apply_reorder_rule(item)
    if not is_changed[sku] then
      is_changed[sku] = true
      changed[#changed + 1] = sku
    end
    n = n + 1
    moved_line[n] = i
  end
  taken[id] = true
  local record = '"active",' .. now .. ',' .. expires_at .. ',null,' .. (lines and table.concat(lines) or line) .. ARGV[at + 3]
  local w = #reservation_writes
  reservation_writes[w + 1], reservation_writes[w + 2] = id, record
  local group = expiry_groups[expires_at]
  if not group then
    group = {}
    expiry_groups[expires_at] = group
    expiry_times[#expiry_times + 1] = expires_at
  end
  group[#group + 1] = id
  local answer = '{"reservation":[' .. record .. '],"before":[[' .. table.concat(before, '],[') .. ']]}'
  applied_ops[op] = answer
  op_writes[#op_writes + 1] = op
  return '1'
end

local decisions = {}
for j, start in ipairs(starts) do
  decisions[j] = reserve(j, start)
end

-- Each changed item's record, built once however many lines took from it, and still before
-- the first write: a corrupt record fails here, with nothing written.
local item_writes, before, now_low, no_longer_low = {}, {}, {}, {}
for i, sku in ipairs(changed) do
  local low = is_low(items[sku])
  if low ~= was_low[sku] then
    if low then now_low[#now_low + 1] = sku else no_longer_low[#no_longer_low + 1] = sku end
  end
  item_writes[2 * i - 1], item_writes[2 * i] = sku, item_record(items[sku])
  before[i] = records[sku]
end

-- The writes, once for the batch. The two hashes were read above, so writing them cannot
-- fail; another key of the wrong type fails its write and stops the script there, so the
-- writes go from the least harmful to leave behind to the most: the counter (a gap in the
-- seqs), the expiry index (entries without an active reservation, which the sweep drops),
-- the low-stock index, the ledger lists (one RPUSH per SKU, its movements in seq order), and last
-- the reservations and items, which must agree.
local moves = {}
if n > 0 then
  local seq = redis.call('INCRBY', KEYS[6], n) - n
  for m = 1, n do
    local i = moved_line[m]
    local sku_moves = moves[ARGV[i]]
    if not sku_moves then
      sku_moves = {}
      moves[ARGV[i]] = sku_moves
    end
    sku_moves[#sku_moves + 1] = movement_head(seq + m) .. ARGV[i + 3]
  end
end
local expiry_writes = {}
for i, expires_at in ipairs(expiry_times) do
  expiry_writes[2 * i - 1], expiry_writes[2 * i] = expires_at, expiry_entry(expiry_groups[expires_at])
end
call_many('ZADD', KEYS[3], expiry_writes)
call_many('SADD', KEYS[4], now_low)
call_many('SREM', KEYS[4], no_longer_low)
local lists = {}
for j, sku in ipairs(skus) do lists[sku] = KEYS[6 + j] end
for _, sku in ipairs(changed) do call_many('RPUSH', lists[sku], moves[sku]) end
call_many('HSET', KEYS[2], reservation_writes)
call_many('HSET', KEYS[1], item_writes)
for _, op in ipairs(op_writes) do redis.call('SET', op, applied_ops[op], 'PX', replay_window) end
if #before == 0 then return '{"decisions":[' .. table.concat(decisions, ',') .. '],"items":[]}' end
return '{"decisions":[' .. table.concat(decisions, ',') .. '],"items":[[' .. table.concat(before, '],[') .. ']]}'
