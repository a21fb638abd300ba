import type { CheckoutState } from '../../checkout/checkout-types.js';
import type { CheckoutStore, CheckoutWriteResult } from '../../ports/checkout-store.js';
import type { Clock } from '../../ports/clock.js';
import type { RedisScriptClient } from './client.js';
import type { RedisKeys } from './keys.js';
import { LuaScript } from './script.js';

const createScript = new LuaScript('checkout-create');
const getScript = new LuaScript('checkout-get');
const updateScript = new LuaScript('checkout-update');
const deleteScript = new LuaScript('checkout-delete');

/**
 * Redis keeps a checkout this long past its domain expiry before collecting it, so app
 * instances whose clocks differ a little still agree (the domain expiry decides).
 */
const GC_GRACE_MS = 60_000;

/**
 * Checkouts on Redis: one hash per checkout (`co:{id}`: version, expiresAt, state JSON)
 * under its own hash tag, so every member is one script on one key. A checkout lapses by
 * the Clock's time (passed to each script), and Redis drops it by TTL a grace later.
 */
export class RedisCheckoutStore implements CheckoutStore {
  constructor(
    private readonly client: RedisScriptClient,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
  ) {}

  create(checkout: CheckoutState): Promise<boolean> {
    const doc = JSON.stringify({ ...checkout, version: 1 });
    return createScript.run(this.client, [this.key(checkout.id)], [this.clock.now(), checkout.expiresAt, doc, GC_GRACE_MS]);
  }

  get(id: string): Promise<CheckoutState | null> {
    return getScript.run(this.client, [this.key(id)], [this.clock.now()]);
  }

  async update(checkout: CheckoutState, expectedVersion: number): Promise<CheckoutWriteResult> {
    const doc = JSON.stringify({ ...checkout, version: expectedVersion + 1 });
    const answer = await updateScript.run<{ ok: true } | Exclude<CheckoutWriteResult, { ok: true }>>(
      this.client,
      [this.key(checkout.id)],
      [this.clock.now(), expectedVersion, checkout.expiresAt, doc, GC_GRACE_MS],
    );
    return answer.ok ? { ok: true, checkout: JSON.parse(doc) as CheckoutState } : answer;
  }

  delete(id: string): Promise<boolean> {
    return deleteScript.run(this.client, [this.key(id)], [this.clock.now()]);
  }

  private key(id: string): string {
    return this.keys.key('co', id);
  }
}
