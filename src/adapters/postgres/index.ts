import type { Clock } from '../../ports/clock.js';
import type { CartStore } from '../../ports/cart-store.js';
import type { CheckoutStore } from '../../ports/checkout-store.js';
import type { IdempotencyStore } from '../../ports/idempotency-store.js';
import type { InteractionStore } from '../../ports/interaction-store.js';
import type { InventoryStore } from '../../ports/inventory-store.js';
import type { ModelSnapshotStore } from '../../ports/model-snapshot-store.js';
import type { VelocityStore } from '../../ports/velocity-store.js';
import { systemClock } from '../system/system-clock.js';
import { PostgresCartStore } from './cart-store.js';
import { PostgresCheckoutStore } from './checkout-store.js';
import { PostgresIdempotencyStore } from './idempotency-store.js';
import { PostgresInteractionStore } from './interaction-store.js';
import { PostgresModelSnapshotStore } from './model-snapshot-store.js';
import { PostgresVelocityStore } from './velocity-store.js';
import type { CatalogStore } from '../../ports/catalog-store.js';
import type { PromotionStore } from '../../ports/promotion-store.js';
import type { OrderStore } from '../../ports/order-store.js';
import type { PaymentStore } from '../../ports/payment-store.js';
import { quoteSchema, type PgPool } from './client.js';
import { PostgresInventoryStore } from './inventory-store.js';
import { PostgresCatalogStore } from './catalog-store.js';
import { PostgresPromotionStore } from './promotion-store.js';
import { PostgresOrderStore } from './order-store.js';
import { PostgresPaymentStore } from './payment-store.js';
import { DEFAULT_SCHEMA } from './migrate.js';
import { PgSteps } from './steps.js';
import type { EventLog } from '../../ports/event-log.js';
import { PostgresEventLog } from './event-log.js';
import { PgEventRecording } from './event-recording.js';

// commerce-kernel/postgres: the factory, migrate() and the types a host needs. How it works
// inside: docs/postgres.md.
export type { PgPool, PgConnection, PgQueryable, PgQueryResult } from './client.js';
export { migrate, DEFAULT_SCHEMA, type MigrateOptions, type MigrateResult } from './migrate.js';
export { pruneExpired, DEFAULT_REPLAY_WINDOW_MS, type PruneOptions, type PruneResult } from './prune.js';

export interface PostgresAdaptersOptions {
  /** A `pg.Pool` (node-postgres) or the same shape. The host owns it: size, settings, `end()`. */
  pool: PgPool;
  /** The schema `migrate` created the tables in; default `commerce`. */
  schema?: string;
  /** Time source of the stores that expire entries (checkouts, idempotency claims) and of snapshots' `savedAt`. */
  clock?: Clock;
  /** How many versions of each model name `modelSnapshots` keeps (default 3). */
  modelSnapshotsKeep?: number;
  /**
   * How long an applied step is remembered (default 10 minutes), so the same step sent again
   * within it is answered, not applied twice (ports/replay.ts). Keep it longer than any caller
   * may take to resend a step. Older rows of `applied_ops` are pruned.
   */
  replayWindowMs?: number;
  /**
   * Every how many writes (per `postgresAdapters` instance) one bounded DELETE prunes
   * `applied_ops` past the replay window and idempotency claims and checkouts past their
   * expiry (default 1000). 0 turns it off, for hosts that run `pruneExpired` as a job.
   */
  pruneEverySteps?: number;
  /**
   * Whether the store steps record their events in the `events` outbox (default true).
   * false records nothing: for hosts that subscribe to nothing.
   */
  recordEvents?: boolean;
}

export interface PostgresAdapters {
  /** Items, reservations and the movement ledger; rows locked in SKU order inside each step. */
  inventory: InventoryStore;
  /** Orders as jsonb with real columns for the listings; the order-number sequence. */
  orders: OrderStore;
  /** Payments and their ledgers, parked webhook events, customer spend. */
  payments: PaymentStore;
  /** Promotions, coupon codes, usage counters and holds. */
  promotions: PromotionStore;
  /** Products as jsonb, one row per SKU claim. */
  catalog: CatalogStore;
  /** Carts as jsonb, user links, an expiry index; line edits lock the cart row. */
  carts: CartStore;
  /** Checkouts in progress, expired by the adapters' clock. */
  checkouts: CheckoutStore;
  /** Fraud velocity counters: one row per key and member. */
  velocity: VelocityStore;
  /** Idempotency claims shared by checkout completion and payments. */
  idempotency: IdempotencyStore;
  /** The recommendation engine's interaction log. */
  interactions: InteractionStore;
  /** Trained recommendation models, the newest `modelSnapshotsKeep` versions per name. */
  modelSnapshots: ModelSnapshotStore;
  /** The events the stores record with their changes (the `events` outbox), for `shop.subscribe`. */
  eventLog: EventLog;
}

/**
 * PostgreSQL implementations of the store ports, for a durable system of record. Run
 * `migrate(pool, { schema })` first (at deploy or start-up); this factory opens nothing.
 */
export function postgresAdapters(options: PostgresAdaptersOptions): PostgresAdapters {
  const clock = options.clock ?? systemClock;
  const pg = new PgSteps(options.pool, quoteSchema(options.schema ?? DEFAULT_SCHEMA), {
    clock,
    ...(options.replayWindowMs === undefined ? {} : { replayWindowMs: options.replayWindowMs }),
    ...(options.pruneEverySteps === undefined ? {} : { pruneEverySteps: options.pruneEverySteps }),
  });
  const recording = new PgEventRecording(pg, options.recordEvents ?? true);
  return {
    inventory: new PostgresInventoryStore(pg, recording),
    orders: new PostgresOrderStore(pg, recording),
    payments: new PostgresPaymentStore(pg, recording),
    promotions: new PostgresPromotionStore(pg),
    catalog: new PostgresCatalogStore(pg, recording),
    carts: new PostgresCartStore(pg),
    checkouts: new PostgresCheckoutStore(pg, recording, clock),
    velocity: new PostgresVelocityStore(pg),
    idempotency: new PostgresIdempotencyStore(pg, clock),
    interactions: new PostgresInteractionStore(pg),
    modelSnapshots: new PostgresModelSnapshotStore(pg, options.modelSnapshotsKeep === undefined ? { clock } : { clock, keep: options.modelSnapshotsKeep }),
    eventLog: new PostgresEventLog(pg, clock),
  };
}
