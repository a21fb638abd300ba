export type { Clock } from './clock.js';
export type { IdGenerator } from './id-generator.js';
export type { IdempotencyStore, IdempotencyRecord, IdempotencyClaim } from './idempotency-store.js';
