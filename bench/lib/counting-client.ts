import type { RedisScriptClient } from '../../src/adapters/redis/index.js';

/** Wraps a script client to count the script calls (Redis round trips) made through it. */
export function counting(client: RedisScriptClient): { client: RedisScriptClient; trips: () => number } {
  let trips = 0;
  return {
    client: {
      evalsha: (sha, keys, args) => (trips++, client.evalsha(sha, keys, args)),
      eval: (source, keys, args) => (trips++, client.eval(source, keys, args)),
      singleServer: client.singleServer === true,
    },
    trips: () => trips,
  };
}
