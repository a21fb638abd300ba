import type { Clock } from '../../ports/clock.js';
import type { IdempotencyStore } from '../../ports/idempotency-store.js';
import type { InventoryStore } from '../../ports/inventory-store.js';
import { systemClock } from '../system/system-clock.js';
import { toScriptClient, type RedisClientInput } from './client.js';
import { RedisIdempotencyStore } from './idempotency-store.js';
import { RedisInventoryStore } from './inventory-store.js';
import { RedisKeys } from './keys.js';

export { toScriptClient, type RedisClientInput, type RedisScriptClient } from './client.js';
export { RedisIdempotencyStore } from './idempotency-store.js';
export { RedisInventoryStore } from './inventory-store.js';
export { LuaScript } from './script.js';
export { RedisKeys, shardOf } from './keys.js';

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
  /** Stock, reservations and the ledger: every key under one hash tag (one cluster slot). */
  inventory: InventoryStore;
}

/** Redis implementations of the store ports, for many app instances sharing state. */
export function redisAdapters(options: RedisAdaptersOptions): RedisAdapters {
  const client = toScriptClient(options.client);
  const keys = new RedisKeys(options.prefix ?? 'ck:');
  const clock = options.clock ?? systemClock;
  return {
    idempotency: new RedisIdempotencyStore(client, keys, clock),
    inventory: new RedisInventoryStore(client, keys),
  };
}
