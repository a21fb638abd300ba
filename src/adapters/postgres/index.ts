import type { InventoryStore } from '../../ports/inventory-store.js';
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

// commerce-kernel/postgres: the factory, migrate() and the types a host needs. How it works
// inside: docs/postgres.md.
export type { PgPool, PgConnection, PgQueryable, PgQueryResult } from './client.js';
export { migrate, DEFAULT_SCHEMA, type MigrateOptions, type MigrateResult } from './migrate.js';

export interface PostgresAdaptersOptions {
  /** A `pg.Pool` (node-postgres) or the same shape. The host owns it: size, settings, `end()`. */
  pool: PgPool;
  /** The schema `migrate` created the tables in; default `commerce`. */
  schema?: string;
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
}

/**
 * PostgreSQL implementations of the store ports, for a durable system of record. Run
 * `migrate(pool, { schema })` first (at deploy or start-up); this factory opens nothing.
 */
export function postgresAdapters(options: PostgresAdaptersOptions): PostgresAdapters {
  const pg = new PgSteps(options.pool, quoteSchema(options.schema ?? DEFAULT_SCHEMA));
  return {
    inventory: new PostgresInventoryStore(pg),
    orders: new PostgresOrderStore(pg),
    payments: new PostgresPaymentStore(pg),
    promotions: new PostgresPromotionStore(pg),
    catalog: new PostgresCatalogStore(pg),
  };
}
