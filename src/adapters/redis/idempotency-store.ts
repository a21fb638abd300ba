import type { Clock } from '../../ports/clock.js';
import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from '../../ports/idempotency-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { LuaScript } from './script.js';
import type { RedisSteps } from './steps.js';

const claimScript = new LuaScript('idempotency-claim');
const completeScript = new LuaScript('idempotency-complete');
const releaseScript = new LuaScript('idempotency-release');
const getScript = new LuaScript('idempotency-get');

/** Redis keeps a record a minute past its domain expiry before collecting it. */
const GC_GRACE_MS = 60_000;

/**
 * One string key per idempotency key, `idem:{key}`: each step touches one slot (with its
 * operation key, `op:{key}:<opId>`).
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: RedisSteps,
    private readonly clock: Clock,
  ) {}

  async claim(input: { key: string; fingerprint: string; owner: string; lockMs: number } & Replayable): Promise<IdempotencyClaim> {
    assertWellFormed(input, 'IdempotencyStore.claim');
    return this.redis.write(claimScript, input.key, input.opId, [this.recordKey(input.key)], [this.clock.now(), input.fingerprint, input.owner, input.lockMs, GC_GRACE_MS]);
  }

  async complete(input: { key: string; owner: string; result: unknown; ttlMs: number } & Replayable): Promise<boolean> {
    assertWellFormed(input, 'IdempotencyStore.complete');
    const json = JSON.stringify(input.result) ?? 'null';
    return this.redis.write(completeScript, input.key, input.opId, [this.recordKey(input.key)], [this.clock.now(), input.owner, json, input.ttlMs, GC_GRACE_MS]);
  }

  async release(input: { key: string; owner: string } & Replayable): Promise<void> {
    assertWellFormed(input, 'IdempotencyStore.release');
    await this.redis.write(releaseScript, input.key, input.opId, [this.recordKey(input.key)], [input.owner]);
  }

  async get(key: string): Promise<IdempotencyRecord | null> {
    assertWellFormed(key, 'IdempotencyStore.get');
    return this.redis.read(getScript, [this.recordKey(key)], [this.clock.now()]);
  }

  private recordKey(key: string): string {
    return this.redis.keys.key('idem', key);
  }
}
