import type { VelocityStore } from '../../ports/velocity-store.js';
import type { RedisScriptClient } from './client.js';
import type { RedisKeys } from './keys.js';
import { LuaScript } from './script.js';

const recordScript = new LuaScript('velocity-record');
const countScript = new LuaScript('velocity-count');

/** Redis keeps an idle window key this long past its retention before collecting it. */
const GC_GRACE_MS = 60_000;

/**
 * Sliding-window counters on Redis: one sorted set per counter key (`vel:{key}`, member ->
 * latest time seen), plus its longest retention (`vel:{key}:retain`), under the key's own
 * hash tag. Each key is one script; the keys of one `record` or `count` call are sent
 * together, so the client pipelines them into about one round trip. Counters of different
 * keys are independent (the port never asks for a snapshot across keys).
 */
export class RedisVelocityStore implements VelocityStore {
  constructor(
    private readonly client: RedisScriptClient,
    private readonly keys: RedisKeys,
  ) {}

  async record(input: { entries: { key: string; member: string }[]; at: number; retainMs: number }): Promise<void> {
    const byKey = new Map<string, string[]>();
    for (const { key, member } of input.entries) {
      const members = byKey.get(key);
      if (members) members.push(member);
      else byKey.set(key, [member]);
    }
    await Promise.all(
      [...byKey].map(([key, members]) =>
        recordScript.run(this.client, [this.windowKey(key), this.keys.key('vel', key, 'retain')], [input.at, input.retainMs, GC_GRACE_MS, ...members]),
      ),
    );
  }

  count(queries: { key: string; since: number }[]): Promise<number[]> {
    return Promise.all(queries.map(({ key, since }) => countScript.run<number>(this.client, [this.windowKey(key)], [since])));
  }

  private windowKey(key: string): string {
    return this.keys.key('vel', key);
  }
}
