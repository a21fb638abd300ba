import type { CheckoutState } from '../../checkout/checkout-types.js';
import type { CheckoutStore, CheckoutWriteResult } from '../../ports/checkout-store.js';
import type { Clock } from '../../ports/clock.js';
import type { RecordsEvents } from '../../ports/event-log.js';
import type { Replayable } from '../../ports/replay.js';
import { assertEventsOf } from '../../shared/event-drafts.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { opIdOf, shardTagOf, type EventRecording } from './event-recording.js';
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
 * Checkouts on Redis: one hash per checkout (`co:{o<n>}:<id>`: version, expiresAt, state
 * JSON) under its id's record shard tag (event-recording.ts), so every member is one script
 * on one slot: the checkout, its operation key (`op:{o<n>}:<id>:<opId>`) and, for `update`,
 * the shard's event stream it records checkout.* on. A checkout lapses by the Clock's time
 * (passed to each script), and Redis drops it by TTL a grace later.
 */
export class RedisCheckoutStore implements CheckoutStore {
  constructor(
    private readonly redis: RedisSteps,
    private readonly clock: Clock,
    private readonly recording: EventRecording,
  ) {}

  async create(checkout: CheckoutState, step: Replayable = {}): Promise<boolean> {
    assertWellFormed({ checkout, step }, 'CheckoutStore.create');
    const doc = JSON.stringify({ ...checkout, version: 1 });
    return this.redis.write(createScript, shardTagOf(checkout.id), opIdOf(checkout.id, step.opId), [this.key(checkout.id)], [this.clock.now(), checkout.expiresAt, doc, GC_GRACE_MS]);
  }

  async get(id: string): Promise<CheckoutState | null> {
    assertWellFormed(id, 'CheckoutStore.get');
    return this.redis.read(getScript, [this.key(id)], [this.clock.now()]);
  }

  async update(checkout: CheckoutState, expectedVersion: number, step: Replayable & RecordsEvents = {}): Promise<CheckoutWriteResult> {
    assertWellFormed({ checkout, step }, 'CheckoutStore.update');
    assertEventsOf(checkout.id, step.events, 'CheckoutStore.update');
    const doc = JSON.stringify({ ...checkout, version: expectedVersion + 1 });
    const tag = shardTagOf(checkout.id);
    const keys = [this.key(checkout.id), ...this.recording.keysOf(tag)];
    return this.redis.write(updateScript, tag, opIdOf(checkout.id, step.opId), keys, [this.clock.now(), expectedVersion, checkout.expiresAt, doc, GC_GRACE_MS, ...this.recording.argsOf(step.events)]);
  }

  async delete(id: string, step: Replayable = {}): Promise<boolean> {
    assertWellFormed({ id, step }, 'CheckoutStore.delete');
    return this.redis.write(deleteScript, shardTagOf(id), opIdOf(id, step.opId), [this.key(id)], [this.clock.now()]);
  }

  private key(id: string): string {
    return this.redis.keys.key('co', shardTagOf(id), id);
  }
}
