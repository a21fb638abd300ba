-- Refusals, {"ok":false,"code":...,"details":...}: rare, so they may go through tables.
-- cjson.encode writes an empty table as {}, integers from 1e14 up with an exponent, and
-- floats to 14 digits. `enc` hands a table to cjson only when none of that can happen inside
-- it; otherwise it writes it itself: integers exactly (%d), an empty table as [] (no object
-- a refusal holds is ever empty).
local function plain(v)
  for _, x in pairs(v) do
    local t = type(x)
    if t == 'number' then
      if x ~= math.floor(x) or x >= 1e14 or x <= -1e14 then return false end
    elseif t == 'table' then
      if next(x) == nil or not plain(x) then return false end
    end
  end
  return true
end

local function enc(v)
  local t = type(v)
  if t == 'number' then
    if v == math.floor(v) and v > -9007199254740992 and v < 9007199254740992 then return string.format('%d', v) end
    return string.format('%.17g', v)
  elseif t ~= 'table' then
    return cjson.encode(v)
  end
  if next(v) == nil then return '[]' end
  if plain(v) then return cjson.encode(v) end
  local parts = {}
  if v[1] ~= nil then
    for i = 1, #v do parts[i] = enc(v[i]) end
    return '[' .. table.concat(parts, ',') .. ']'
  end
  local n = 0
  for k, x in pairs(v) do
    n = n + 1
    parts[n] = cjson.encode(k) .. ':' .. enc(x)
  end
  return '{' .. table.concat(parts, ',') .. '}'
end

local function refuse(code, details)
  return enc({ ok = false, code = code, details = details })
end
