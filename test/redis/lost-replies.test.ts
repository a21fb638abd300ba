// A reply lost after the script ran: the adapter sends the step again (as ioredis does by
// itself after a dropped connection), and the step's operation key makes the second run
// answer what the first answered instead of writing again. Each store: the call answers its
// first answer, and the state shows one write.
import { describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { toScriptClient } from '../../src/adapters/redis/client.js';
import { ManualClock, sampleOrder } from '../../src/testing/index.js';
import { samplePaymentRecord } from '../../src/testing/payment-store-conformance.js';
import { flakyScripts } from './flaky-scripts.js';
import { CLIENT_KINDS, redisSkipReason, redisTestSpace, type ClientKind } from './harness.js';

const skip = await redisSkipReason('lost replies');
const space = redisTestSpace('lost-replies');

async function losingStores(kind: ClientKind) {
  const raw = await space.open(kind);
  const flaky = flakyScripts(toScriptClient(raw.client));
  const clock = new ManualClock();
  return { ...redisAdapters({ client: flaky.client, prefix: space.prefix(), clock }), flaky, clock };
}

describe.skipIf(skip)(`Redis: a reply lost after the script ran${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  for (const kind of CLIENT_KINDS) {
    it(`${kind}: orders are created and updated once, and the sequence takes one number`, async () => {
      const { orders, flaky, clock } = await losingStores(kind);
      const order = sampleOrder('o1', clock.now(), { customerId: 'alice' });
      flaky.loseReply('order-create');
      expect(await orders.create(order)).toEqual({ ok: true });
      expect(flaky.runs('order-create')).toBe(2);
      flaky.loseReply('order-update');
      const updated = await orders.update({ ...order, status: 'paid' }, 1);
      expect(updated).toEqual({ ok: true, order: { ...order, status: 'paid', version: 2 } });
      expect(await orders.get('o1')).toEqual({ ...order, status: 'paid', version: 2 });
      expect((await orders.listByStatus('paid', { limit: 5 })).orders.map((o) => o.id)).toEqual(['o1']);
      expect((await orders.listByStatus('placed', { limit: 5 })).orders).toEqual([]);
      expect((await orders.listByCustomer('alice', { limit: 5 })).orders.map((o) => o.version)).toEqual([2]);
      flaky.loseReply('order-sequence');
      expect(await orders.nextSequence()).toBe(1);
      expect(await orders.nextSequence()).toBe(2);
    });

    it(`${kind}: a payment is created and committed once, and its spend counted once`, async () => {
      const { payments, flaky } = await losingStores(kind);
      const record = samplePaymentRecord();
      flaky.loseReply('payment-create');
      flaky.loseReply('payment-spend-count');
      const created = await payments.create(record);
      expect(created).toEqual({ ok: true, payment: { ...record, version: 1 }, parked: [] });
      flaky.loseReply('payment-commit');
      const captured = { ...record, status: 'captured' as const, version: 1 };
      expect(await payments.commit({ next: captured, expectedVersion: 1 })).toEqual({ ok: true, payment: { ...captured, version: 2 } });
      expect(await payments.get(record.id)).toEqual({ ...captured, version: 2 });
      expect(await payments.customerSpend({ customerKey: record.customerKey, currency: 'USD' })).toEqual({ count: 1, totalMinor: 1000, maxMinor: 1000 });
      expect([flaky.runs('payment-create'), flaky.runs('payment-commit')]).toEqual([2, 2]);
    });

    it(`${kind}: a coupon use is reserved, released and committed once`, async () => {
      const { promotions, flaky } = await losingStores(kind);
      await promotions.save({ id: 'a', code: 'A', kind: 'percentage', percent: '10', priority: 0, combinable: true, usageLimit: 2 });
      flaky.loseReply('promotion-reserve');
      expect(await promotions.reserveUsage({ holdId: 'h1', promotionIds: ['a'], customerId: 'u1', now: 0 })).toEqual({ code: 'ok' });
      expect(await promotions.getUsage('a', 'u1')).toEqual({ used: 1, usedByCustomer: 1 });
      flaky.loseReply('promotion-release');
      expect(await promotions.releaseUsage('h1')).toEqual({ code: 'ok' });
      expect(await promotions.getUsage('a', 'u1')).toEqual({ used: 0, usedByCustomer: 0 });
      await promotions.reserveUsage({ holdId: 'h2', promotionIds: ['a'], now: 0 });
      flaky.loseReply('promotion-commit');
      expect(await promotions.commitUsage('h2')).toEqual({ code: 'ok' });
      expect(await promotions.releaseUsage('h2')).toEqual({ code: 'already_committed' });
      expect((await promotions.getUsage('a')).used).toBe(1);
    });

    it(`${kind}: an idempotency claim answers claimed, a complete true, a release drops once`, async () => {
      const { idempotency, flaky, clock } = await losingStores(kind);
      flaky.loseReply('idempotency-claim');
      expect(await idempotency.claim({ key: 'k', fingerprint: 'f', owner: 'a', lockMs: 60_000 })).toEqual({ state: 'claimed' });
      flaky.loseReply('idempotency-complete');
      expect(await idempotency.complete({ key: 'k', owner: 'a', result: { order: 1 }, ttlMs: 60_000 })).toBe(true);
      expect(await idempotency.get('k')).toEqual({ state: 'completed', fingerprint: 'f', result: { order: 1 }, expiresAt: clock.now() + 60_000 });
      await idempotency.claim({ key: 'k2', fingerprint: 'f', owner: 'a', lockMs: 60_000 });
      flaky.loseReply('idempotency-release');
      await idempotency.release({ key: 'k2', owner: 'a' });
      expect(await idempotency.get('k2')).toBeNull();
      expect(flaky.runs('idempotency-release')).toBe(2);
    });

    it(`${kind}: interactions are appended once, singly and in batches`, async () => {
      const { interactions, flaky } = await losingStores(kind);
      const event = (productId: string, at: number) => ({ userId: 'u1', productId, type: 'view' as const, weight: 1, at });
      flaky.loseReply('interactions-append', 2);
      await interactions.append(event('p1', 1));
      await interactions.appendMany([event('p2', 2), event('p3', 3)]);
      expect(await interactions.count()).toBe(3);
      expect((await interactions.listByUser('u1')).map((i) => i.productId)).toEqual(['p1', 'p2', 'p3']);
      expect(flaky.runs('interactions-append')).toBe(4);
    });

    it(`${kind}: a model snapshot save makes one version`, async () => {
      const { modelSnapshots, flaky, clock } = await losingStores(kind);
      flaky.loseReply('model-snapshot-save');
      const info = await modelSnapshots.save({ name: 'default', trainedAt: 1, snapshot: { n: 1 } });
      expect(info).toEqual({ name: 'default', version: 1, trainedAt: 1, savedAt: clock.now(), bytes: 7 });
      expect(await modelSnapshots.list('default')).toEqual([info]);
      expect((await modelSnapshots.save({ name: 'default', trainedAt: 2, snapshot: { n: 2 } })).version).toBe(2);
    });

    it(`${kind}: a velocity record (idempotent, no operation key) counts each member once`, async () => {
      const { velocity, flaky } = await losingStores(kind);
      flaky.loseReply('velocity-record');
      await velocity.record({ entries: [{ key: 'k', member: 'm1' }, { key: 'k', member: 'm2' }], at: 1000, retainMs: 10_000 });
      expect(await velocity.count([{ key: 'k', since: 0 }])).toEqual([2]);
      expect(flaky.runs('velocity-record')).toBe(2);
    });
  }
});
