import type { Clock } from '../../ports/clock.js';
import type { IdempotencyStore } from '../../ports/idempotency-store.js';
// -- carts and promotions (issue 8, redis-cart)
import type { CartStore } from '../../ports/cart-store.js';
import type { PromotionStore } from '../../ports/promotion-store.js';
import { RedisCartStore } from './cart-store.js';
import { RedisPromotionStore } from './promotion-store.js';
// -- end carts and promotions
import { systemClock } from '../system/system-clock.js';
import { toScriptClient, type RedisClientInput } from './client.js';
import { RedisIdempotencyStore } from './idempotency-store.js';
import { RedisKeys } from './keys.js';

export { toScriptClient, type RedisClientInput, type RedisScriptClient } from './client.js';
export { RedisIdempotencyStore } from './idempotency-store.js';
export { LuaScript } from './script.js';
export { RedisKeys, shardOf } from './keys.js';
// -- carts and promotions (issue 8, redis-cart)
export { RedisCartStore, CART_SHARDS, DEFAULT_CART_GC_GRACE_MS } from './cart-store.js';
export { RedisPromotionStore } from './promotion-store.js';
// -- end carts and promotions

export interface RedisAdaptersOptions {
  /** A connected node-redis or ioredis client (or cluster). The host owns its lifecycle. */
  client: RedisClientInput;
  /** Prepended to every key, e.g. `shop:`. Lets several apps or tests share one Redis. */
  prefix?: string;
  /** Time source for expiry decisions; pass the same clock as the services. */
  clock?: Clock;
  // -- carts and promotions (issue 8, redis-cart)
  /**
   * How long Redis keeps a cart past its domain expiry (default 24 h), so
   * `cleanupAbandonedCarts` still finds it to report; run cleanup more often than this.
   */
  cartGcGraceMs?: number;
  // -- end carts and promotions
}

export interface RedisAdapters {
  idempotency: IdempotencyStore;
  // -- carts and promotions (issue 8, redis-cart)
  carts: CartStore;
  promotions: PromotionStore;
  // -- end carts and promotions
}

/** Redis implementations of the store ports, for many app instances sharing state. */
export function redisAdapters(options: RedisAdaptersOptions): RedisAdapters {
  const client = toScriptClient(options.client);
  const keys = new RedisKeys(options.prefix ?? 'ck:');
  const clock = options.clock ?? systemClock;
  return {
    idempotency: new RedisIdempotencyStore(client, keys, clock),
    // -- carts and promotions (issue 8, redis-cart)
    carts: new RedisCartStore(client, keys, options.cartGcGraceMs),
    promotions: new RedisPromotionStore(client, keys),
    // -- end carts and promotions
  };
}
