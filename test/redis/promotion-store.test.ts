// The Redis PromotionStore beyond the conformance suite: the last use across two
// connections of different clients, code ownership on re-save, and odd ids.
import { describe, expect, it } from 'vitest';
import { redisAdapters } from '../../src/adapters/redis/index.js';
import type { Promotion } from '../../src/ports/promotion-store.js';
import { ManualClock } from '../../src/testing/index.js';
import { redisSkipReason, redisTestSpace } from './harness.js';

const skip = await redisSkipReason('promotion store');
const coupon = (id: string, over: Partial<Promotion> = {}): Promotion => ({ id, code: id.toUpperCase(), kind: 'percentage', percent: '10', priority: 0, combinable: true, ...over }) as Promotion;

describe.skipIf(skip)(`Redis PromotionStore${skip ? ` SKIPPED: ${skip}` : ''}`, () => {
  const space = redisTestSpace('promotion');
  async function stores() {
    const prefix = space.prefix();
    const a = await space.openNew('node-redis');
    const b = await space.openNew('ioredis');
    const clock = new ManualClock();
    return [redisAdapters({ client: a.client, prefix, clock }).promotions, redisAdapters({ client: b.client, prefix, clock }).promotions] as const;
  }

  it('hands out exactly the uses left when two connections race, all or nothing across promotions', async () => {
    const [a, b] = await stores();
    await a.save(coupon('five', { usageLimit: 5 }));
    await a.save(coupon('many', { usageLimit: 100, perCustomerLimit: 3 }));
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).reserveUsage({ holdId: `h${i}`, promotionIds: ['many', 'five'], customerId: `u${i % 4}`, now: 0 })),
    );
    const ok = results.filter((r) => r.code === 'ok').length;
    expect(ok).toBe(5);
    expect(await a.getUsage('five')).toEqual({ used: 5, usedByCustomer: 0 });
    expect((await b.getUsage('many')).used).toBe(5); // the refused holds counted nothing on `many` either
    for (let i = 0; i < 40; i++) await (i % 2 ? b : a).releaseUsage(`h${i}`);
    expect((await a.getUsage('five')).used).toBe(0);
    expect((await a.getUsage('many', 'u1')).usedByCustomer).toBe(0);
  });

  it('a re-saved promotion drops only the code it still owns', async () => {
    const [a] = await stores();
    await a.save(coupon('p1', { code: 'SHARED' }));
    await a.save(coupon('p2', { code: 'shared' }));
    await a.save(coupon('p1', { code: 'OTHER' }));
    expect((await a.findByCode('shared'))?.id).toBe('p2');
    expect((await a.findByCode('other'))?.id).toBe('p1');
    await a.save({ id: 'p2', kind: 'free_shipping', priority: 1, combinable: false });
    expect(await a.findByCode('shared')).toBeNull();
    expect((await a.listAutomatic()).map((p) => p.id)).toEqual(['p2']);
  });

  it('keeps ids and customers with separators apart', async () => {
    const [a] = await stores();
    await a.save(coupon('a"b', { perCustomerLimit: 1 }));
    await a.save(coupon('a', { perCustomerLimit: 1 }));
    expect((await a.reserveUsage({ holdId: 'x', promotionIds: ['a"b'], customerId: 'c', now: 0 })).code).toBe('ok');
    expect((await a.reserveUsage({ holdId: 'y', promotionIds: ['a'], customerId: '"b","c', now: 0 })).code).toBe('ok');
    expect(await a.getUsage('a"b', 'c')).toEqual({ used: 1, usedByCustomer: 1 });
    expect(await a.getUsage('a', 'b"c')).toEqual({ used: 1, usedByCustomer: 0 });
    expect(await a.getUsage('a', '"b","c')).toEqual({ used: 1, usedByCustomer: 1 });
  });
});
