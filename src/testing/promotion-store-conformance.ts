import assert from 'node:assert/strict';
import type { Promotion, PromotionStore } from '../ports/promotion-store.js';
import { defineConformanceSuite } from './conformance.js';
import { LONE_SURROGATE, assertRefusesIllFormed } from './replay-checks.js';

function coupon(id: string, over: Partial<Promotion> = {}): Promotion {
  return { id, code: id.toUpperCase(), kind: 'percentage', percent: '10', priority: 0, combinable: true, ...over } as Promotion;
}

/** The shared tests of the PromotionStore port, run unchanged against every adapter. */
export const promotionStoreConformance = defineConformanceSuite<PromotionStore>('PromotionStore', (test) => {
  test('finds a coupon by code case-insensitively and lists automatic promotions', async ({ store }) => {
    await store.save(coupon('save10'));
    await store.save({ id: 'auto', kind: 'free_shipping', priority: 0, combinable: true });
    assert.equal((await store.findByCode('sAvE10'))?.id, 'save10');
    assert.equal(await store.findByCode('nope'), null);
    assert.deepEqual((await store.listAutomatic()).map((p) => p.id), ['auto']);
    assert.equal((await store.get('auto'))?.kind, 'free_shipping');
  });

  test('keeps every field of every kind as saved, absent fields absent', async ({ store }) => {
    const eur = (amount: string) => ({ amount, currency: 'EUR' });
    const promotions: Promotion[] = [
      { id: 'bxgy', kind: 'buy_x_get_y', buyQuantity: 2, getQuantity: 1, buyTarget: { categories: ['shirts'] }, getTarget: { productIds: ['hat'] }, reward: { kind: 'percentage', percent: '50' }, maxQuantity: 2, priority: 1, combinable: true },
      { id: 'line', code: 'LINE', kind: 'fixed_line', amount: eur('3.00'), target: { categories: ['c'] }, priority: 0, combinable: true, customerGroups: ['trade'], minItems: { quantity: 3 } },
      { id: 'ship', kind: 'shipping_percentage', percent: '50', priority: 0, combinable: false, minSubtotal: eur('20.00'), minSubtotalBasis: 'after_discounts' },
      { id: 'shipamt', kind: 'shipping_amount', amount: eur('2.00'), priority: 0, combinable: true },
    ];
    for (const p of promotions) await store.save(p);
    for (const p of promotions) assert.deepEqual(await store.get(p.id), p);
  });

  test('a re-saved promotion drops its old code', async ({ store }) => {
    await store.save(coupon('p1', { code: 'OLD' }));
    await store.save(coupon('p1', { code: 'NEW' }));
    assert.equal(await store.findByCode('old'), null);
    assert.equal((await store.findByCode('new'))?.id, 'p1');
  });

  test('reserves all or nothing and counts reserved uses against the limit', async ({ store, clock }) => {
    await store.save(coupon('a', { usageLimit: 2 }));
    await store.save(coupon('b', { usageLimit: 1 }));
    const now = clock.now();
    assert.deepEqual(await store.reserveUsage({ holdId: 'h1', promotionIds: ['a', 'b'], now }), { code: 'ok' });
    assert.deepEqual(await store.reserveUsage({ holdId: 'h2', promotionIds: ['a', 'b'], now }), { code: 'limit_reached', promotionId: 'b', scope: 'overall' });
    assert.equal((await store.getUsage('a')).used, 1, 'the refused hold reserved nothing');
    assert.deepEqual(await store.reserveUsage({ holdId: 'h1', promotionIds: ['a', 'b'], now }), { code: 'ok' });
    assert.equal((await store.getUsage('a')).used, 1, 'the same hold id does not count twice');
    assert.deepEqual(await store.reserveUsage({ holdId: 'h3', promotionIds: ['zz'], now }), { code: 'not_found', promotionId: 'zz' });
  });

  test('release gives uses back, commit keeps them, both idempotent', async ({ store, clock }) => {
    await store.save(coupon('a', { usageLimit: 1 }));
    const now = clock.now();
    await store.reserveUsage({ holdId: 'h1', promotionIds: ['a'], now });
    assert.deepEqual(await store.releaseUsage('h1'), { code: 'ok' });
    assert.deepEqual(await store.releaseUsage('h1'), { code: 'not_found' });
    assert.equal((await store.getUsage('a')).used, 0);
    await store.reserveUsage({ holdId: 'h2', promotionIds: ['a'], now });
    assert.deepEqual(await store.commitUsage('h2'), { code: 'ok' });
    assert.deepEqual(await store.commitUsage('h2'), { code: 'ok' });
    assert.deepEqual(await store.releaseUsage('h2'), { code: 'already_committed' });
    assert.equal((await store.getUsage('a')).used, 1);
    assert.equal((await store.reserveUsage({ holdId: 'h3', promotionIds: ['a'], now })).code, 'limit_reached');
    assert.deepEqual(await store.commitUsage('nope'), { code: 'not_found' });
  });

  test('enforces the per-customer limit separately from the overall one', async ({ store, clock }) => {
    await store.save(coupon('a', { perCustomerLimit: 1 }));
    const now = clock.now();
    await store.reserveUsage({ holdId: 'h1', promotionIds: ['a'], customerId: 'u1', now });
    assert.deepEqual(await store.reserveUsage({ holdId: 'h2', promotionIds: ['a'], customerId: 'u1', now }), { code: 'limit_reached', promotionId: 'a', scope: 'customer' });
    assert.deepEqual(await store.reserveUsage({ holdId: 'h3', promotionIds: ['a'], customerId: 'u2', now }), { code: 'ok' });
    assert.deepEqual(await store.getUsage('a', 'u1'), { used: 2, usedByCustomer: 1 });
  });

  test('never hands the last use to two concurrent holds', async ({ store, clock }) => {
    await store.save(coupon('a', { usageLimit: 1 }));
    const now = clock.now();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.reserveUsage({ holdId: `h${i}`, promotionIds: ['a'], now })));
    assert.equal(results.filter((r) => r.code === 'ok').length, 1);
    assert.equal((await store.getUsage('a')).used, 1);
  });

  test('a reserve, commit or release sent again with its opId answers its first answer and counts once', async ({ store, clock }) => {
    await store.save(coupon('a', { usageLimit: 5, perCustomerLimit: 5 }));
    const reserve = { holdId: 'h1', promotionIds: ['a'], customerId: 'u1', now: clock.now(), opId: 'op-reserve' };
    const used = async () => store.getUsage('a', 'u1');
    assert.deepEqual(await store.reserveUsage(reserve), { code: 'ok' });
    assert.deepEqual(await store.releaseUsage('h1', { opId: 'op-release' }), { code: 'ok' });
    // The reservation sent again after its release: its first answer, nothing reserved again.
    assert.deepEqual(await store.reserveUsage(reserve), { code: 'ok' });
    assert.deepEqual(await used(), { used: 0, usedByCustomer: 0 });
    // The hold reserved anew by another step; the first release sent again gives nothing back.
    assert.deepEqual(await store.reserveUsage({ ...reserve, opId: 'op-reserve-2' }), { code: 'ok' });
    assert.deepEqual(await store.releaseUsage('h1', { opId: 'op-release' }), { code: 'ok' });
    assert.deepEqual(await used(), { used: 1, usedByCustomer: 1 });
    assert.deepEqual(await store.commitUsage('h1', { opId: 'op-commit' }), { code: 'ok' });
    assert.deepEqual(await store.commitUsage('h1', { opId: 'op-commit' }), { code: 'ok' });
    assert.deepEqual(await store.releaseUsage('h1'), { code: 'already_committed' });
    assert.deepEqual(await used(), { used: 1, usedByCustomer: 1 });
  });

  test('a refused step is not remembered: sent again, it is decided again', async ({ store, clock }) => {
    const reserve = { holdId: 'h1', promotionIds: ['a'], now: clock.now(), opId: 'op-early' };
    assert.deepEqual(await store.reserveUsage(reserve), { code: 'not_found', promotionId: 'a' });
    await store.save(coupon('a'));
    assert.deepEqual(await store.reserveUsage(reserve), { code: 'ok' });
    assert.equal((await store.getUsage('a')).used, 1);
    assert.deepEqual(await store.commitUsage('h2', { opId: 'op-commit' }), { code: 'not_found' });
    await store.reserveUsage({ ...reserve, holdId: 'h2', opId: 'op-h2' });
    assert.deepEqual(await store.commitUsage('h2', { opId: 'op-commit' }), { code: 'ok' });
    assert.deepEqual(await store.releaseUsage('h2', { opId: 'op-release' }), { code: 'already_committed' });
    assert.deepEqual(await store.releaseUsage('h9', { opId: 'op-release' }), { code: 'not_found' });
  });

  test('a hold with an expiry counts until it lapses, then stops counting without a release', async ({ store, clock }) => {
    await store.save(coupon('a', { usageLimit: 1, perCustomerLimit: 1 }));
    const t = clock.now();
    assert.deepEqual(await store.reserveUsage({ holdId: 'h1', promotionIds: ['a'], customerId: 'u1', now: t, expiresAt: t + 1000 }), { code: 'ok' });
    assert.deepEqual(await store.getUsage('a', 'u1', t + 999), { used: 1, usedByCustomer: 1 });
    assert.equal((await store.reserveUsage({ holdId: 'h2', promotionIds: ['a'], customerId: 'u2', now: t + 999 })).code, 'limit_reached');
    assert.deepEqual(await store.getUsage('a', 'u1', t + 1000), { used: 0, usedByCustomer: 0 }, 'lapsed at its expiry');
    assert.deepEqual(await store.reserveUsage({ holdId: 'h2', promotionIds: ['a'], customerId: 'u1', now: t + 1000 }), { code: 'ok' });
    assert.deepEqual(await store.getUsage('a', 'u1', t + 1000), { used: 1, usedByCustomer: 1 });
    // The abandoned hold reserved again (a resumed checkout): limits checked as for a new one.
    assert.deepEqual(await store.reserveUsage({ holdId: 'h1', promotionIds: ['a'], customerId: 'u1', now: t + 1001, expiresAt: t + 5000 }), { code: 'limit_reached', promotionId: 'a', scope: 'overall' });
    assert.deepEqual(await store.releaseUsage('h2'), { code: 'ok' });
    assert.deepEqual(await store.reserveUsage({ holdId: 'h1', promotionIds: ['a'], customerId: 'u1', now: t + 1002, expiresAt: t + 5000 }), { code: 'ok' });
    assert.deepEqual(await store.getUsage('a', 'u1', t + 4999), { used: 1, usedByCustomer: 1 });
  });

  test('a lapsed hold commits only while its uses are free; committed uses never lapse', async ({ store, clock }) => {
    await store.save(coupon('a', { usageLimit: 1 }));
    const t = clock.now();
    await store.reserveUsage({ holdId: 'h1', promotionIds: ['a'], now: t, expiresAt: t + 1000 });
    assert.deepEqual(await store.commitUsage('h1', { now: t + 500 }), { code: 'ok' });
    assert.deepEqual(await store.getUsage('a', undefined, t + 10_000), { used: 1, usedByCustomer: 0 });
    assert.equal((await store.reserveUsage({ holdId: 'h2', promotionIds: ['a'], now: t + 10_000, expiresAt: t + 20_000 })).code, 'limit_reached');

    await store.save(coupon('b', { usageLimit: 1 }));
    await store.reserveUsage({ holdId: 'b1', promotionIds: ['b'], now: t, expiresAt: t + 1000 });
    assert.deepEqual(await store.commitUsage('b1', { now: t + 2000 }), { code: 'ok' }, 'lapsed, but nobody took the use');
    assert.deepEqual(await store.getUsage('b', undefined, t + 2000), { used: 1, usedByCustomer: 0 });

    await store.save(coupon('c', { usageLimit: 1 }));
    await store.reserveUsage({ holdId: 'c1', promotionIds: ['c'], now: t, expiresAt: t + 1000 });
    await store.reserveUsage({ holdId: 'c2', promotionIds: ['c'], now: t + 1000, expiresAt: t + 9000 });
    assert.deepEqual(await store.commitUsage('c1', { now: t + 1001 }), { code: 'limit_reached', promotionId: 'c', scope: 'overall' });
    assert.deepEqual(await store.getUsage('c', undefined, t + 1001), { used: 1, usedByCustomer: 0 }, 'the refused commit wrote nothing');
    assert.deepEqual(await store.releaseUsage('c1'), { code: 'ok' }, 'a lapsed hold is forgotten');
    assert.deepEqual(await store.releaseUsage('c1'), { code: 'not_found' });
    assert.deepEqual(await store.getUsage('c', undefined, t + 1001), { used: 1, usedByCustomer: 0 }, 'nothing given back twice');
    assert.deepEqual(await store.commitUsage('c2', { now: t + 1002 }), { code: 'ok' });
    assert.deepEqual(await store.getUsage('c', undefined, t + 99_000), { used: 1, usedByCustomer: 0 });
  });

  test('releasing a hold before it lapses gives its use back once', async ({ store, clock }) => {
    await store.save(coupon('a', { usageLimit: 2 }));
    const t = clock.now();
    await store.reserveUsage({ holdId: 'h1', promotionIds: ['a'], now: t, expiresAt: t + 1000 });
    await store.reserveUsage({ holdId: 'h2', promotionIds: ['a'], now: t });
    assert.deepEqual(await store.releaseUsage('h1'), { code: 'ok' });
    assert.deepEqual(await store.getUsage('a', undefined, t), { used: 1, usedByCustomer: 0 });
    assert.deepEqual(await store.getUsage('a', undefined, t + 5000), { used: 1, usedByCustomer: 0 }, 'a hold without an expiry never lapses');
  });

  test('ids and values that are not well-formed Unicode are refused, and nothing is written', async ({ store, clock }) => {
    await store.save(coupon('a'));
    await store.reserveUsage({ holdId: 'h1', promotionIds: ['a'], now: clock.now() });
    const reserve = { holdId: 'h2', promotionIds: ['a'], now: clock.now() };
    await assertRefusesIllFormed(() => store.save(coupon(LONE_SURROGATE)));
    await assertRefusesIllFormed(() => store.save(coupon('b', { name: LONE_SURROGATE })));
    await assertRefusesIllFormed(() => store.save(coupon('b', { target: { productIds: ['p1', LONE_SURROGATE] } })));
    await assertRefusesIllFormed(() => store.get(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.findByCode(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.getUsage(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.getUsage('a', LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.reserveUsage({ ...reserve, holdId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.reserveUsage({ ...reserve, promotionIds: [LONE_SURROGATE] }));
    await assertRefusesIllFormed(() => store.reserveUsage({ ...reserve, customerId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.reserveUsage({ ...reserve, opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.commitUsage(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.commitUsage('h1', { opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.releaseUsage(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.releaseUsage('h1', { opId: LONE_SURROGATE }));
    assert.equal(await store.get('b'), null);
    assert.equal((await store.getUsage('a')).used, 1);
    assert.deepEqual(await store.releaseUsage('h1'), { code: 'ok' });
  });
});
