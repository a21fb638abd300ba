-- Points a user at a cart. Runs after the cart write it follows (a second step: the link
-- lives under the user's tag, the cart under its shard's), so a link never points to a
-- cart that was not stored; readers verify the cart's userId anyway.
-- KEYS[1]  the user link (tag: the user id)
-- ARGV[1]  cart id
-- KEYS[2], ARGV[2]  the operation key and replay window (lib/replay.lua): a link sent again
--          must not undo a later link of the same user
-- Returns  'true'
--#include replay
local first = replayed() if first then return first end
redis.call('SET', KEYS[1], ARGV[1])
return applied('true')
