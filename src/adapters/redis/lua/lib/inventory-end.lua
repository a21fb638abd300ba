-- Shared by confirm and release (inlined by scripts/gen-lua.mjs at `--#include`); needs
-- inventory-ledger and inventory-reservation. Sweep ends many reservations at once and
-- batches these writes itself.

-- Ends one active reservation with `status`: settles its lines, stores the reservation with
-- its new status, drops its expiry entry, and answers the step. `ledgers` (ledger_keys())
-- must hold every line's SKU, else it answers which are missing and writes nothing.
local function end_reservation(id, record, created_at, expires_at, lines_at, status, now, ledgers)
  local lines, id_json = reservation_lines(record, lines_at)
  local missing = missing_ledgers(lines.skus, lines.sku_jsons, ledgers)
  if missing then return '{"ledgers":' .. missing .. '}' end
  local changes = settle(lines, id_json, status, now, ledgers)
  local ended = reservation_record(status, created_at, expires_at, now, record, lines_at)
  redis.call('HSET', KEYS[2], id, ended)
  redis.call('ZREM', KEYS[3], id)
  return '{"ok":true,"changed":true,"reservation":[' .. ended .. '],"changes":' .. changes .. '}'
end
