// A script client that breaks the calls of one named script the two ways a network does:
// before the call reaches Redis (nothing ran) or after the script ran (its reply is lost).
import { LuaScript, type RedisScriptClient } from '../../src/adapters/redis/index.js';
import { LUA_SOURCES, type LuaScriptName } from '../../src/adapters/redis/lua-sources.generated.js';

export interface FlakyScript {
  client: RedisScriptClient;
  /** The next `times` calls of the script fail before reaching Redis: nothing runs. */
  failBefore(times?: number): void;
  /** The next `times` calls of the script run in Redis, then their reply is lost. */
  loseReply(times?: number): void;
  /** How many calls of the script Redis ran. */
  runs(): number;
}

export function flakyScript(real: RedisScriptClient, script: LuaScriptName): FlakyScript {
  const sha = new LuaScript(script).sha;
  let failing = 0;
  let losing = 0;
  let ran = 0;
  const call = async <T>(ours: boolean, send: () => Promise<T>): Promise<T> => {
    if (!ours) return send();
    if (failing > 0) {
      failing--;
      throw new Error('write ECONNRESET');
    }
    const reply = await send();
    ran++;
    if (losing > 0) {
      losing--;
      throw new Error('read ECONNRESET');
    }
    return reply;
  };
  return {
    client: {
      evalsha: (s, keys, args) => call(s === sha, () => real.evalsha(s, keys, args)),
      eval: (source, keys, args) => call(source === LUA_SOURCES[script], () => real.eval(source, keys, args)),
      singleServer: real.singleServer ?? false,
    },
    failBefore: (times = 1) => void (failing = times),
    loseReply: (times = 1) => void (losing = times),
    runs: () => ran,
  };
}
