// The Redis payment store against the memory one as a model: any sequence of creates,
// compare-and-set commits, parks and drops gives the same answers, the same parked events
// in the same order, and the same customer spend.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryPaymentStore } from '../../src/adapters/memory/index.js';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import type { PaymentStatus, PaymentStore } from '../../src/ports/payment-store.js';
import { samplePaymentRecord } from '../../src/testing/payment-store-conformance.js';
import { redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('PaymentStore model');
const space = redisTestSpace('payment-model');

const ids = ['p1', 'p2', 'p3'];
const customers = ['email:a@example.com', 'email:b@example.com'];
const currencies = ['USD', 'EUR'];
const statuses: PaymentStatus[] = ['authorized', 'captured', 'voided', 'failed', 'unknown', 'review'];
const eventIds = ['e1', 'e2', 'e3', 'e4'];

type Step =
  | { op: 'create'; id: string; status: PaymentStatus; customer: string; currency: string; amountMinor: number }
  | { op: 'commit'; id: string; status: PaymentStatus; stale: boolean }
  | { op: 'park'; id: string; eventId: string; at: number }
  | { op: 'drop'; id: string; eventIds: string[] };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), id: fc.constantFrom(...ids), status: fc.constantFrom(...statuses), customer: fc.constantFrom(...customers), currency: fc.constantFrom(...currencies), amountMinor: fc.integer({ min: 1, max: 10_000_000 }) }),
  fc.record({ op: fc.constant('commit' as const), id: fc.constantFrom(...ids), status: fc.constantFrom(...statuses), stale: fc.boolean() }),
  fc.record({ op: fc.constant('park' as const), id: fc.constantFrom(...ids), eventId: fc.constantFrom(...eventIds), at: fc.nat(1000) }),
  fc.record({ op: fc.constant('drop' as const), id: fc.constantFrom(...ids), eventIds: fc.subarray(eventIds) }),
);

async function apply(store: PaymentStore, model: PaymentStore, s: Step): Promise<void> {
  switch (s.op) {
    case 'create': {
      const record = samplePaymentRecord({ id: s.id, status: s.status, customerKey: s.customer, amount: { amount: String(s.amountMinor / 100), currency: s.currency }, amountMinor: s.amountMinor });
      expect(await store.create(record)).toEqual(await model.create(record));
      return;
    }
    case 'commit': {
      const current = (await model.get(s.id)) ?? samplePaymentRecord({ id: s.id, version: 1 });
      const input = { next: { ...current, status: s.status, updatedAt: current.updatedAt + 1 }, expectedVersion: current.version - (s.stale ? 1 : 0) };
      expect(await store.commit(input)).toEqual(await model.commit(input));
      return;
    }
    case 'park': {
      const event = { paymentId: s.id, eventId: s.eventId, event: { id: s.eventId, list: [] }, receivedAt: s.at };
      expect(await store.park(event)).toEqual(await model.park(event));
      return;
    }
    case 'drop':
      await store.dropParked({ paymentId: s.id, eventIds: s.eventIds });
      await model.dropParked({ paymentId: s.id, eventIds: s.eventIds });
  }
}

describe.skipIf(skip)(`Redis PaymentStore behaves like the memory model${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  it('answers, records, parked events and spend agree after any sequence of steps', async () => {
    const client = (await space.open('node-redis')).client;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        const prefix = space.prefix();
        const store = redisAdapters({ client, prefix }).payments;
        const model = new MemoryPaymentStore();
        for (const s of steps) await apply(store, model, s);
        for (const id of ids) {
          expect(await store.get(id)).toEqual(await model.get(id));
          expect(await store.parkedEvents(id)).toEqual(await model.parkedEvents(id));
        }
        for (const customerKey of customers) {
          for (const currency of currencies) expect(await store.customerSpend({ customerKey, currency })).toEqual(await model.customerSpend({ customerKey, currency }));
        }
      }),
      { numRuns: 30 },
    );
  });
});
