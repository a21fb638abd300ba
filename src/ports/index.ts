export type { Clock } from './clock.js';
export type { IdGenerator } from './id-generator.js';
export type { IdempotencyStore, IdempotencyRecord, IdempotencyClaim } from './idempotency-store.js';
export type { CheckoutStore, CheckoutWriteResult } from './checkout-store.js';
export type { OrderStore, OrderWriteResult, OrderPage } from './order-store.js';
