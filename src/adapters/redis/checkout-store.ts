import type { CheckoutState } from '../../checkout/checkout-types.js';
import type { CheckoutStore, CheckoutWriteResult } from '../../ports/checkout-store.js';
import type { Clock } from '../../ports/clock.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { LuaScript } from './script.js';
import type { RedisSteps } from './steps.js';

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
 * under its own hash tag, so every member is one script on one key (and its operation key,
 * `op:{id}:<opId>`). A checkout lapses by the Clock's time (passed to each script), and
 * Redis drops it by TTL a grace later.
 */
export class RedisCheckoutStore implements CheckoutStore {
  constructor(
    private readonly redis: RedisSteps,
    private readonly clock: Clock,
  ) {}

  async create(checkout: CheckoutState, step: Replayable = {}): Promise<boolean> {
    assertWellFormed({ checkout, step }, 'CheckoutStore.create');
    const doc = JSON.stringify({ ...checkout, version: 1 });
    return this.redis.write(createScript, checkout.id, step.opId, [this.key(checkout.id)], [this.clock.now(), checkout.expiresAt, doc, GC_GRACE_MS]);
  }

  async get(id: string): Promise<CheckoutState | null> {
    assertWellFormed(id, 'CheckoutStore.get');
    return this.redis.read(getScript, [this.key(id)], [this.clock.now()]);
  }

  async update(checkout: CheckoutState, expectedVersion: number, step: Replayable = {}): Promise<CheckoutWriteResult> {
    assertWellFormed({ checkout, step }, 'CheckoutStore.update');
    const doc = JSON.stringify({ ...checkout, version: expectedVersion + 1 });
    return this.redis.write(updateScript, checkout.id, step.opId, [this.key(checkout.id)], [this.clock.now(), expectedVersion, checkout.expiresAt, doc, GC_GRACE_MS]);
  }

  async delete(id: string, step: Replayable = {}): Promise<boolean> {
    assertWellFormed({ id, step }, 'CheckoutStore.delete');
    return this.redis.write(deleteScript, id, step.opId, [this.key(id)], [this.clock.now()]);
  }

  private key(id: string): string {
    return this.redis.keys.key('co', id);
  }
}
