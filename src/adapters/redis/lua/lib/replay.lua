-- Replay safety (ports/replay.ts, steps.ts): a step's operation key is the LAST of KEYS and
-- how long to keep it (ms) the LAST of ARGV. A script that writes starts with
--   local first = replayed() if first then return first end
-- and ends each path that wrote with `return applied(answer)`: the answer is recorded in the
-- same script as the writes, so a step sent again answers it and writes nothing. Paths that
-- refuse write nothing and record nothing.
local function replayed()
  return redis.call('GET', KEYS[#KEYS])
end

local function applied(answer)
  redis.call('SET', KEYS[#KEYS], answer, 'PX', ARGV[#ARGV])
  return answer
end
