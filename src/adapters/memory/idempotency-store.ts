import type { Clock } from '../../ports/clock.js';
import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from '../../ports/idempotency-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { systemClock } from '../system/system-clock.js';
import { ReplayLog } from './replay-log.js';

/** In-process idempotency records; each method reads and writes without awaiting in between. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();
  private readonly replays = new ReplayLog();
  private readonly clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async claim(input: { key: string; fingerprint: string; owner: string; lockMs: number } & Replayable): Promise<IdempotencyClaim> {
    assertWellFormed(input, 'IdempotencyStore.claim');
    const first = this.replays.answered<IdempotencyClaim>(input.opId);
    if (first !== undefined) return first;
    const live = this.live(input.key);
    if (live) return structuredClone(live);
    this.records.set(input.key, {
      state: 'in_progress',
      fingerprint: input.fingerprint,
      owner: input.owner,
      expiresAt: this.clock.now() + input.lockMs,
    });
    return this.replays.remember(input.opId, { state: 'claimed' });
  }

  async complete(input: { key: string; owner: string; result: unknown; ttlMs: number } & Replayable): Promise<boolean> {
    assertWellFormed(input, 'IdempotencyStore.complete');
    if (this.replays.answered<true>(input.opId)) return true;
    const live = this.live(input.key);
    if (!live || live.state !== 'in_progress' || live.owner !== input.owner) return false;
    this.records.set(input.key, {
      state: 'completed',
      fingerprint: live.fingerprint,
      result: structuredClone(input.result),
      expiresAt: this.clock.now() + input.ttlMs,
    });
    return this.replays.remember(input.opId, true);
  }

  async release(input: { key: string; owner: string } & Replayable): Promise<void> {
    assertWellFormed(input, 'IdempotencyStore.release');
    if (this.replays.answered<true>(input.opId)) return;
    const live = this.live(input.key);
    if (live?.state !== 'in_progress' || live.owner !== input.owner) return;
    this.records.delete(input.key);
    this.replays.remember(input.opId, true);
  }

  async get(key: string): Promise<IdempotencyRecord | null> {
    assertWellFormed(key, 'IdempotencyStore.get');
    const live = this.live(key);
    return live ? structuredClone(live) : null;
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
