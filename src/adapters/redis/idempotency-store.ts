import type { Clock } from '../../ports/clock.js';
import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore } from '../../ports/idempotency-store.js';
import type { RedisScriptClient } from './client.js';
import type { RedisKeys } from './keys.js';
import { LuaScript } from './script.js';

const claimScript = new LuaScript('idempotency-claim');
const completeScript = new LuaScript('idempotency-complete');
const releaseScript = new LuaScript('idempotency-release');
const getScript = new LuaScript('idempotency-get');

/** Redis keeps a record a minute past its domain expiry before collecting it. */
const GC_GRACE_MS = 60_000;

/** One string key per idempotency key, `idem:{key}`: each step touches one slot. */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: RedisScriptClient,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
  ) {}

  claim(input: { key: string; fingerprint: string; owner: string; lockMs: number }): Promise<IdempotencyClaim> {
    return claimScript.run(this.client, [this.recordKey(input.key)], [this.clock.now(), input.fingerprint, input.owner, input.lockMs, GC_GRACE_MS]);
  }

  complete(input: { key: string; owner: string; result: unknown; ttlMs: number }): Promise<boolean> {
    const json = JSON.stringify(input.result) ?? 'null';
    return completeScript.run(this.client, [this.recordKey(input.key)], [this.clock.now(), input.owner, json, input.ttlMs, GC_GRACE_MS]);
  }

  async release(input: { key: string; owner: string }): Promise<void> {
    await releaseScript.run(this.client, [this.recordKey(input.key)], [input.owner]);
  }

  get(key: string): Promise<IdempotencyRecord | null> {
    return getScript.run(this.client, [this.recordKey(key)], [this.clock.now()]);
  }

  private recordKey(key: string): string {
    return this.keys.key('idem', key);
  }
}
