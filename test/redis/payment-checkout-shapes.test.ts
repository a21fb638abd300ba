// What the conformance suites do not pin down but Redis could get wrong: JSON that cjson
// would reshape (empty arrays, big integers, escapes) must come back byte-for-byte equal,
// parked events keep their arrival order, and checkouts and velocity windows carry a TTL.
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { shardTagOf } from '../../src/adapters/redis/event-recording.js';
import { ManualClock, sampleCheckout } from '../../src/testing/index.js';
import { samplePaymentRecord } from '../../src/testing/payment-store-conformance.js';
import { redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('payment and checkout shapes');
const space = redisTestSpace('shapes');

async function setup(): Promise<{ adapters: ReturnType<typeof redisAdapters>; redis: Redis; prefix: string; clock: ManualClock }> {
  const raw = await space.open('ioredis');
  const prefix = space.prefix();
  const clock = new ManualClock();
  return { adapters: redisAdapters({ client: raw.client, prefix, clock }), redis: raw.client as Redis, prefix, clock };
}

describe.skipIf(skip)(`Redis payment, velocity and checkout shapes${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  it('a payment with empty arrays, big integers and escapes survives create, commit and get unchanged', async () => {
    const { adapters } = await setup();
    const record = samplePaymentRecord({
      id: 'pay/ü "1"',
      amountMinor: Number.MAX_SAFE_INTEGER,
      ledger: [],
      appliedEvents: [],
      processorResponse: { empty: [], nested: { list: [[], {}] }, text: 'a\\b"c/d\u0001é', big: 1e21, small: 1.5e-7 },
      createdAt: 1_764_000_000_000,
    });
    const created = await adapters.payments.create(record);
    expect(created.ok && created.payment).toEqual({ ...record, version: 1 });
    expect(await adapters.payments.get(record.id)).toEqual({ ...record, version: 1 });
    const committed = await adapters.payments.commit({ next: { ...record, appliedEvents: ['e1'], ledger: [] }, expectedVersion: 1 });
    expect(committed.ok).toBe(true);
    expect(await adapters.payments.get(record.id)).toEqual({ ...record, appliedEvents: ['e1'], ledger: [], version: 2 });
  });

  it('parked events come back in the order they arrived, with their bodies intact', async () => {
    const { adapters } = await setup();
    const events = ['evt_z', 'evt_a', 'evt_m'].map((eventId, i) => ({ paymentId: 'pay_1', eventId, event: { id: eventId, data: { list: [] } }, receivedAt: i }));
    for (const event of events) expect(await adapters.payments.park(event)).toBe('parked');
    expect(await adapters.payments.park({ ...events[0]!, receivedAt: 99 })).toBe('parked');
    expect(await adapters.payments.parkedEvents('pay_1')).toEqual(events);
    await adapters.payments.dropParked({ paymentId: 'pay_1', eventIds: ['evt_a'] });
    const created = await adapters.payments.create(samplePaymentRecord());
    expect(created.ok && created.parked).toEqual([events[0], events[2]]);
  });

  it('customer spend sums large amounts exactly and counts a payment once', async () => {
    const { adapters } = await setup();
    const amounts = [123_456_789_012, 987_654_321_098, 5];
    for (const [i, amountMinor] of amounts.entries()) {
      const created = await adapters.payments.create(samplePaymentRecord({ id: `p${i}`, amountMinor, status: 'captured' }));
      if (created.ok) await adapters.payments.commit({ next: created.payment, expectedVersion: 1 });
    }
    expect(await adapters.payments.customerSpend({ customerKey: 'email:a@example.com', currency: 'USD' })).toEqual({ count: 3, totalMinor: 1_111_111_110_115, maxMinor: 987_654_321_098 });
  });

  it('a checkout carries a Redis TTL of its remaining life plus a grace, moved by updates', async () => {
    const { adapters, redis, prefix, clock } = await setup();
    await adapters.checkouts.create(sampleCheckout('c1', clock.now(), { expiresAt: clock.now() + 30_000 }));
    const key = `${prefix}co:{${shardTagOf('c1')}}:c1`;
    const first = await redis.pttl(key);
    expect(first).toBeGreaterThan(30_000);
    expect(first).toBeLessThanOrEqual(90_000);
    await adapters.checkouts.update(sampleCheckout('c1', clock.now(), { expiresAt: clock.now() + 600_000 }), 1);
    expect(await redis.pttl(key)).toBeGreaterThan(600_000);
    expect(await adapters.checkouts.delete('c1')).toBe(true);
    expect(await redis.exists(key)).toBe(0);
  });

  it('velocity keeps each member at its latest time, trims by the longest retention and expires idle keys', async () => {
    const { adapters, redis, prefix } = await setup();
    const v = adapters.velocity;
    await v.record({ entries: [{ key: 'k', member: 'm1' }], at: 10_000, retainMs: 50_000 });
    await v.record({ entries: [{ key: 'k', member: 'm1' }], at: 5_000, retainMs: 1_000 });
    // The late, older record neither moved m1 back nor let the short retention trim.
    expect(await v.count([{ key: 'k', since: 10_000 }])).toEqual([1]);
    await v.record({ entries: [{ key: 'k', member: 'm2' }], at: 55_000, retainMs: 1_000 });
    expect(await v.count([{ key: 'k', since: 0 }])).toEqual([2]);
    await v.record({ entries: [{ key: 'k', member: 'm3' }], at: 61_000, retainMs: 1_000 });
    expect(await v.count([{ key: 'k', since: 0 }])).toEqual([2]);
    const ttl = await redis.pttl(`${prefix}vel:{k}`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(110_000);
  });
});
