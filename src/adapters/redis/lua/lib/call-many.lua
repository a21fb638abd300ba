-- One command over many arguments, in chunks of 1000: unpack() of thousands of values
-- overflows Lua's C stack. Arguments in pairs stay together (1000 is even); for a command
-- that answers one value per argument (HMGET), answers them all in order. No arguments, no call.
-- `argv_from(first, last)`: ARGV[first..last] as a table, built without unpack for the same reason.
local function argv_from(first, last)
  local args = {}
  for i = first, last do args[#args + 1] = ARGV[i] end
  return args
end

local function call_many(command, key, args)
  if #args == 0 then return {} end
  if #args <= 1000 then return redis.call(command, key, unpack(args)) end
  local replies = {}
  for i = 1, #args, 1000 do
    local reply = redis.call(command, key, unpack(args, i, math.min(i + 999, #args)))
    if type(reply) == 'table' then
      for j, value in ipairs(reply) do replies[i + j - 1] = value end
    end
  end
  return replies
end
