import type { Clock } from '../../ports/clock.js';
import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from '../../ports/idempotency-store.js';
import { systemClock } from '../system/system-clock.js';

/** In-process idempotency records; each method reads and writes without awaiting in between. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();
  private readonly clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  claim(input: { key: string; fingerprint: string; owner: string; lockMs: number }): Promise<IdempotencyClaim> {
    const live = this.live(input.key);
    if (live) return Promise.resolve(structuredClone(live));
    this.records.set(input.key, {
      state: 'in_progress',
      fingerprint: input.fingerprint,
      owner: input.owner,
      expiresAt: this.clock.now() + input.lockMs,
    });
    return Promise.resolve({ state: 'claimed' });
  }

  complete(input: { key: string; owner: string; result: unknown; ttlMs: number }): Promise<boolean> {
    const live = this.live(input.key);
    if (!live || live.state !== 'in_progress' || live.owner !== input.owner) return Promise.resolve(false);
    this.records.set(input.key, {
      state: 'completed',
      fingerprint: live.fingerprint,
      result: structuredClone(input.result),
      expiresAt: this.clock.now() + input.ttlMs,
    });
    return Promise.resolve(true);
  }

  release(input: { key: string; owner: string }): Promise<void> {
    const live = this.live(input.key);
    if (live?.state === 'in_progress' && live.owner === input.owner) this.records.delete(input.key);
    return Promise.resolve();
  }

  get(key: string): Promise<IdempotencyRecord | null> {
    const live = this.live(key);
    return Promise.resolve(live ? structuredClone(live) : null);
  }

  private live(key: string): IdempotencyRecord | undefined {
    const record = this.records.get(key);
    if (record && record.expiresAt <= this.clock.now()) {
      this.records.delete(key);
      return undefined;
    }
    return record;
  }
}
