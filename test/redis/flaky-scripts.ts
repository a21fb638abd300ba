// A script client that breaks calls of named scripts the two ways a network does: before
// the call reaches Redis (nothing ran) or after the script ran (its reply is lost).
import { type RedisScriptClient } from '../../src/adapters/redis/index.js';
import { LuaScript } from '../../src/adapters/redis/script.js';
import { LUA_SOURCES, type LuaScriptName } from '../../src/adapters/redis/lua-sources.generated.js';

export interface FlakyScripts {
  client: RedisScriptClient;
  /** The next `times` calls of `script` fail before reaching Redis: nothing runs. */
  failBefore(script: LuaScriptName, times?: number): void;
  /** The next `times` calls of `script` run in Redis, then their reply is lost. */
  loseReply(script: LuaScriptName, times?: number): void;
  /** How many calls of `script` Redis ran. */
  runs(script: LuaScriptName): number;
}

export function flakyScripts(real: RedisScriptClient): FlakyScripts {
  const bySha = new Map<string, LuaScriptName>();
  const bySource = new Map<string, LuaScriptName>();
  for (const name of Object.keys(LUA_SOURCES) as LuaScriptName[]) {
    bySha.set(new LuaScript(name).sha, name);
    bySource.set(LUA_SOURCES[name], name);
  }
  const failing = new Map<LuaScriptName, number>();
  const losing = new Map<LuaScriptName, number>();
  const ran = new Map<LuaScriptName, number>();
  const take = (armed: Map<LuaScriptName, number>, name: LuaScriptName): boolean => {
    const left = armed.get(name) ?? 0;
    if (left > 0) armed.set(name, left - 1);
    return left > 0;
  };
  const call = async <T>(name: LuaScriptName | undefined, send: () => Promise<T>): Promise<T> => {
    if (name === undefined) return send();
    if (take(failing, name)) throw new Error('write ECONNRESET');
    const reply = await send();
    ran.set(name, (ran.get(name) ?? 0) + 1);
    if (take(losing, name)) throw new Error('read ECONNRESET');
    return reply;
  };
  return {
    client: {
      evalsha: (sha, keys, args) => call(bySha.get(sha), () => real.evalsha(sha, keys, args)),
      eval: (source, keys, args) => call(bySource.get(source), () => real.eval(source, keys, args)),
      singleServer: real.singleServer ?? false,
    },
    failBefore: (script, times = 1) => void failing.set(script, times),
    loseReply: (script, times = 1) => void losing.set(script, times),
    runs: (script) => ran.get(script) ?? 0,
  };
}
