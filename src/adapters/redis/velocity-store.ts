import type { VelocityStore } from '../../ports/velocity-store.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { LuaScript } from './script.js';
import type { RedisSteps } from './steps.js';

const recordScript = new LuaScript('velocity-record');
const countScript = new LuaScript('velocity-count');

/** Redis keeps an idle window key this long past its retention before collecting it. */
const GC_GRACE_MS = 60_000;

/**
 * Sliding-window counters on Redis: one sorted set per counter key (`vel:{key}`, member ->
 * latest time seen), plus its longest retention (`vel:{key}:retain`), under the key's own
 * hash tag. Each key is one script (all of its windows at once); the keys of one `record`
 * or `count` call are sent together, so the client pipelines them into about one round
 * trip. Counters of different keys are independent (the port never asks for a snapshot
 * across keys). A record is idempotent (see the port), so it needs no operation key.
 */
export class RedisVelocityStore implements VelocityStore {
  constructor(private readonly redis: RedisSteps) {}

  async record(input: { entries: { key: string; member: string }[]; at: number; retainMs: number }): Promise<void> {
    assertWellFormed(input, 'VelocityStore.record');
    const byKey = new Map<string, string[]>();
    for (const { key, member } of input.entries) {
      const members = byKey.get(key);
      if (members) members.push(member);
      else byKey.set(key, [member]);
    }
    await Promise.all(
      [...byKey].map(([key, members]) =>
        this.redis.run(recordScript, [this.windowKey(key), this.redis.keys.key('vel', key, 'retain')], [input.at, input.retainMs, GC_GRACE_MS, ...members]),
      ),
    );
  }

  /** One script per distinct key, answering all of that key's windows. */
  async count(queries: { key: string; since: number }[]): Promise<number[]> {
    assertWellFormed(queries, 'VelocityStore.count');
    const byKey = new Map<string, number[]>();
    queries.forEach(({ key }, i) => {
      const positions = byKey.get(key);
      if (positions) positions.push(i);
      else byKey.set(key, [i]);
    });
    const counts: number[] = new Array<number>(queries.length).fill(0);
    await Promise.all(
      [...byKey].map(async ([key, positions]) => {
        const found = await this.redis.read<number[]>(countScript, [this.windowKey(key)], positions.map((i) => (queries[i] as { since: number }).since));
        positions.forEach((at, k) => (counts[at] = found[k] ?? 0));
      }),
    );
    return counts;
  }

  private windowKey(key: string): string {
    return this.redis.keys.key('vel', key);
  }
}
