// Shared by the bad-webhook suites of every gateway, on every store family: the stores a
// payment service needs, and the check that a refused event changed nothing.
import { expect } from 'vitest';
import { MemoryBinLookup, MemoryGeoIp, MemoryIdempotencyStore, MemoryPaymentStore, MemoryVelocityStore, PaymentService, type CommerceErrorCode, type PaymentGateway, type PaymentServiceOptions } from '../../src/index.js';
import type { IdempotencyStore } from '../../src/ports/idempotency-store.js';
import type { PaymentStore } from '../../src/ports/payment-store.js';
import type { VelocityStore } from '../../src/ports/velocity-store.js';
import type { ManualClock } from '../../src/testing/index.js';
import { expectCode } from '../support/expect-code.js';

export interface PaymentStores {
  payments: PaymentStore;
  idempotency: IdempotencyStore;
  velocity: VelocityStore;
}

/** Where a suite's payments live: memory, or Redis through one client kind. */
export interface StoreFamily {
  name: string;
  /** Set when the family cannot run here (no Redis outside CI). */
  skip?: string | undefined;
  /** Fresh, empty stores. */
  make: (clock: ManualClock) => Promise<PaymentStores>;
}

export const memoryFamily: StoreFamily = {
  name: 'memory',
  make: (clock) => Promise.resolve({ payments: new MemoryPaymentStore(), idempotency: new MemoryIdempotencyStore({ clock }), velocity: new MemoryVelocityStore() }),
};

export function paymentService(stores: PaymentStores, gateway: PaymentGateway, clock: ManualClock, options: Pick<PaymentServiceOptions, 'routing' | 'ids'> = {}): PaymentService {
  return new PaymentService({ store: stores.payments, idempotency: stores.idempotency, velocity: stores.velocity, gateways: [gateway], geoIp: new MemoryGeoIp(), binLookup: new MemoryBinLookup(), clock, ...options });
}

/** A signed webhook delivery, as the host's endpoint receives it. */
export interface Delivery {
  rawBody: string;
  headers: Record<string, string>;
}

/**
 * Answers the delivery and expects it refused with `code`, the stored payment (status,
 * ledger, applied events, version) and the events parked for it exactly as before, and the
 * payment still readable through the service.
 */
export async function expectRefusedUnchanged(service: PaymentService, store: PaymentStore, paymentId: string, delivery: Delivery, code: CommerceErrorCode): Promise<void> {
  const before = await store.get(paymentId);
  const parkedBefore = await store.parkedEvents(paymentId);
  await expectCode(service.handleWebhook(delivery.rawBody, delivery.headers), code);
  expect(await store.get(paymentId)).toEqual(before);
  expect(await store.parkedEvents(paymentId)).toEqual(parkedBefore);
  if (before) expect((await service.getPayment(paymentId))?.status).toBe(before.status);
}

/** A stand-in that `jsonBody` writes as the number literal 1e400 (Infinity once parsed). */
export const JSON_INFINITY = Symbol('1e400');

/**
 * Bad amounts as every gateway can carry them in its JSON, each refused with
 * `INVALID_AMOUNT`. `value` goes where the gateway puts the amount; `undefined` leaves the
 * field out. JSON has no NaN (JSON.stringify writes null).
 */
export const BAD_MINOR_AMOUNTS: readonly { name: string; value: unknown }[] = [
  { name: 'fractional', value: 12.5 },
  { name: 'a string', value: '1000' },
  { name: 'negative', value: -100 },
  { name: 'NaN (null in JSON)', value: Number.NaN },
  { name: 'beyond a safe integer', value: 2 ** 53 + 2 },
  { name: 'huge', value: 1e21 },
  { name: 'beyond a double', value: JSON_INFINITY },
  { name: 'missing', value: undefined },
];

/** JSON.stringify, writing JSON_INFINITY as 1e400. */
export function jsonBody(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v === JSON_INFINITY ? '@@1e400@@' : v)).replaceAll('"@@1e400@@"', '1e400');
}
