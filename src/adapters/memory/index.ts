export { MemoryIdempotencyStore } from './idempotency-store.js';
