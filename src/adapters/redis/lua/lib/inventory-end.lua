-- Shared by confirm and release. The sweep ends many reservations at once and writes them itself.
--#include inventory-reservation

-- Ends one active reservation with `status`: settles its lines, stores the reservation with
-- its new status, and answers the step. Its expiry entry stays: the entry may list other
-- reservations too, and the sweep drops what is no longer active as it passes.
local function end_reservation(id, record, created_at, expires_at, lines_at, status, now)
  local changes = settle(record, lines_at, status, now)
  local ended = reservation_record(status, created_at, expires_at, now, record, lines_at)
  redis.call('HSET', KEYS[2], id, ended)
  return '{"ok":true,"changed":true,"reservation":[' .. ended .. '],"changes":' .. changes .. '}'
end
