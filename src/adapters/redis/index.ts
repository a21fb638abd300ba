import type { Clock } from '../../ports/clock.js';
import type { IdempotencyStore } from '../../ports/idempotency-store.js';
import { systemClock } from '../system/system-clock.js';
import { toScriptClient, type RedisClientInput } from './client.js';
import { RedisIdempotencyStore } from './idempotency-store.js';
import { RedisKeys } from './keys.js';
// --- recommendations (interactions, model snapshots) ---
import type { InteractionStore } from '../../ports/interaction-store.js';
import type { ModelSnapshotStore } from '../../ports/model-snapshot-store.js';
import { RedisInteractionStore } from './interaction-store.js';
import { RedisModelSnapshotStore } from './model-snapshot-store.js';
// --- end recommendations ---

export { toScriptClient, type RedisClientInput, type RedisScriptClient } from './client.js';
export { RedisIdempotencyStore } from './idempotency-store.js';
export { LuaScript } from './script.js';
export { RedisKeys, shardOf } from './keys.js';
// --- recommendations ---
export { RedisInteractionStore } from './interaction-store.js';
export { RedisModelSnapshotStore } from './model-snapshot-store.js';
// --- end recommendations ---

export interface RedisAdaptersOptions {
  /** A connected node-redis or ioredis client (or cluster). The host owns its lifecycle. */
  client: RedisClientInput;
  /** Prepended to every key, e.g. `shop:`. Lets several apps or tests share one Redis. */
  prefix?: string;
  /** Time source for expiry decisions; pass the same clock as the services. */
  clock?: Clock;
}

export interface RedisAdapters {
  idempotency: IdempotencyStore;
  // --- recommendations ---
  /** The recommendation engine's interaction log (the whole log in one hash-tag slot). */
  interactions: InteractionStore;
  /** Trained recommendation models, the newest 3 versions per name. */
  modelSnapshots: ModelSnapshotStore;
  // --- end recommendations ---
}

/** Redis implementations of the store ports, for many app instances sharing state. */
export function redisAdapters(options: RedisAdaptersOptions): RedisAdapters {
  const client = toScriptClient(options.client);
  const keys = new RedisKeys(options.prefix ?? 'ck:');
  const clock = options.clock ?? systemClock;
  return {
    idempotency: new RedisIdempotencyStore(client, keys, clock),
    // --- recommendations ---
    interactions: new RedisInteractionStore(client, keys),
    modelSnapshots: new RedisModelSnapshotStore(client, keys, clock),
    // --- end recommendations ---
  };
}
