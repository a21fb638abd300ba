import type { Clock } from '../../ports/clock.js';
import type { IdempotencyStore } from '../../ports/idempotency-store.js';
import type { InventoryStore } from '../../ports/inventory-store.js';
import type { CartStore } from '../../ports/cart-store.js';
import type { PromotionStore } from '../../ports/promotion-store.js';
import { RedisCartStore } from './cart-store.js';
import { RedisCatalogStore } from './catalog-store.js';
import type { CatalogStore } from '../../ports/catalog-store.js';
import { RedisPromotionStore } from './promotion-store.js';
import { systemClock } from '../system/system-clock.js';
import { toScriptClient, type RedisClientInput } from './client.js';
import { RedisIdempotencyStore } from './idempotency-store.js';
import { RedisInventoryStore } from './inventory-store.js';
import { RedisKeys } from './keys.js';
import { RedisSteps } from './steps.js';
import type { CheckoutStore } from '../../ports/checkout-store.js';
import type { OrderStore } from '../../ports/order-store.js';
import type { PaymentStore } from '../../ports/payment-store.js';
import type { VelocityStore } from '../../ports/velocity-store.js';
import { RedisCheckoutStore } from './checkout-store.js';
import { RedisOrderStore } from './order-store.js';
import { EventRecording, SHARD_TAGS } from './event-recording.js';
import { RedisEventLog } from './event-log.js';
import type { EventLog } from '../../ports/event-log.js';
import { RedisPaymentStore } from './payment-store.js';
import { RedisVelocityStore } from './velocity-store.js';
import type { InteractionStore } from '../../ports/interaction-store.js';
import type { ModelSnapshotStore } from '../../ports/model-snapshot-store.js';
import { RedisInteractionStore } from './interaction-store.js';
import { RedisModelSnapshotStore } from './model-snapshot-store.js';

// commerce-kernel/redis: the factory, its options and the types a host needs. How it works
// inside: src/adapters/redis/README.md and docs/redis.md.
export type { RedisClientInput, RedisScriptClient } from './client.js';

export interface RedisAdaptersOptions {
  /** A connected node-redis or ioredis client (or cluster). The host owns its lifecycle. */
  client: RedisClientInput;
  /** Prepended to every key, e.g. `shop:`. Lets several apps or tests share one Redis. */
  prefix?: string;
  /** Time source for expiry decisions; pass the same clock as the services. */
  clock?: Clock;
  /**
   * How long Redis keeps a cart past its domain expiry (default 24 h), so
   * `cleanupAbandonedCarts` still finds it to report; run cleanup more often than this.
   */
  cartGcGraceMs?: number;
  /**
   * How many carts each process keeps its last-seen copy of (default 5000, 0 for none), so
   * a read or line edit of a cart it saw last answers "same" instead of the whole cart.
   * Only ever a shortcut: a stale copy is detected by version and costs a full reply.
   */
  cartCacheSize?: number;
  /**
   * Whether every key lives on one Redis server. Read from the client when not given: true
   * for a node-redis or ioredis client, false for their cluster clients and for a plain
   * script client. Pass false for a single-server client behind a sharding proxy. On one
   * server the cart store sends the line edits of carts of every shard in one call.
   */
  singleServer?: boolean;
  /**
   * How long Redis remembers a step that wrote (default 10 minutes), so the same step sent
   * again within it is answered, not applied twice (ports/replay.ts): ioredis resends what
   * had no answer when its connection dropped, and the adapters resend a call whose answer
   * was lost. Keep it longer than your client may take to resend (ioredis gives up after
   * `maxRetriesPerRequest` reconnects, about 10 s at its defaults). Each step that wrote
   * costs one small key for this long.
   */
  replayWindowMs?: number;
  /** How many versions of each model name `modelSnapshots` keeps (default 3). */
  modelSnapshotsKeep?: number;
  /**
   * Whether the stores record durable events (order.*, payment.*, checkout.*, catalog.*, inventory.*) in the steps that make the changes
   * (default true). Off, nothing reaches `eventLog` and `shop.subscribe` hears nothing; the
   * in-process bus is unaffected.
   */
  recordEvents?: boolean;
}

export interface RedisAdapters {
  /** Products under a hash tag each; the SKU and listing indexes under the catalogue's one. */
  catalog: CatalogStore;
  idempotency: IdempotencyStore;
  /** Stock, reservations and the ledger: every key under one hash tag (one cluster slot). */
  inventory: InventoryStore;
  payments: PaymentStore;
  velocity: VelocityStore;
  checkouts: CheckoutStore;
  orders: OrderStore;
  carts: CartStore;
  promotions: PromotionStore;
  /** The recommendation engine's interaction log (the whole log in one hash-tag slot). */
  interactions: InteractionStore;
  /** Trained recommendation models, the newest `modelSnapshotsKeep` versions per name. */
  modelSnapshots: ModelSnapshotStore;
  /** The durable events the stores record, a stream per hash tag: what `shop.subscribe` reads. */
  eventLog: EventLog;
}

/** Redis implementations of the store ports, for many app instances sharing state. */
export function redisAdapters(options: RedisAdaptersOptions): RedisAdapters {
  const client = toScriptClient(options.client, options.singleServer);
  const keys = new RedisKeys(options.prefix ?? 'ck:');
  const clock = options.clock ?? systemClock;
  const redis = new RedisSteps(client, keys, options.replayWindowMs);
  const recording = new EventRecording(keys, options.recordEvents ?? true);
  return {
    catalog: new RedisCatalogStore(redis, recording),
    idempotency: new RedisIdempotencyStore(redis, clock),
    inventory: new RedisInventoryStore(redis, recording),
    payments: new RedisPaymentStore(redis, recording),
    velocity: new RedisVelocityStore(redis),
    checkouts: new RedisCheckoutStore(redis, clock, recording),
    orders: new RedisOrderStore(redis, recording),
    carts: new RedisCartStore(redis, options.cartGcGraceMs, options.cartCacheSize),
    promotions: new RedisPromotionStore(redis),
    interactions: new RedisInteractionStore(redis),
    modelSnapshots: new RedisModelSnapshotStore(redis, clock, options.modelSnapshotsKeep === undefined ? {} : { keep: options.modelSnapshotsKeep }),
    eventLog: new RedisEventLog(redis, recording, [...SHARD_TAGS, RedisInventoryStore.tagOf(keys)]),
  };
}
