import { describe, expect, it } from 'vitest';
import { ShippingRateTable } from '../../src/cart/index.js';
import type { Promotion } from '../../src/ports/promotion-store.js';
import { expectCode, item, setup } from './fixtures.js';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const base = { priority: 0, combinable: true } as const;
const shipping = new ShippingRateTable([{ kind: 'flat', id: 'std', name: 'Standard', price: eur('5.00') }]);

async function cartWith(promos: Promotion[], lines: ReturnType<typeof item>[], options = {}) {
  const ctx = setup({ shipping, ...options });
  for (const p of promos) await ctx.service.savePromotion(p);
  const { id } = await ctx.service.createCart({ sessionId: 's', currency: 'EUR', userId: 'u1' });
  for (const l of lines) await ctx.add(id, l);
  return { ...ctx, id };
}

describe('promotions: kinds', () => {
  it('percentage off only some products or categories', async () => {
    const { service, id } = await cartWith(
      [{ ...base, id: 'p', code: 'SHOES', kind: 'percentage', percent: '25', target: { categories: ['shoes'] } }],
      [{ ...item('boot', '80.00'), categories: ['shoes'] }, item('sock', '5.00', 2)],
    );
    await service.applyCoupon(id, 'shoes');
    const priced = await service.priceCart(id);
    expect(priced.lines.map((l) => l.discount.amount)).toEqual(['20.00', '0.00']);
    expect(priced.total.amount).toBe('75.00');
  });

  it('fixed off the order, allocated over lines by largest remainder', async () => {
    const { service, id } = await cartWith(
      [{ ...base, id: 'f', code: 'TENOFF', kind: 'fixed_order', amount: eur('10.00') }],
      [item('a', '10.00'), item('b', '10.00'), item('c', '10.00')],
    );
    await service.applyCoupon(id, 'TENOFF');
    const priced = await service.priceCart(id);
    expect(priced.lines.map((l) => l.discount.amount)).toEqual(['3.34', '3.33', '3.33']);
    expect(priced.discountTotal.amount).toBe('10.00');
  });

  it('fixed off each matching item, never below zero', async () => {
    const { service, id } = await cartWith(
      [{ ...base, id: 'i', code: 'EACH', kind: 'fixed_item', amount: eur('3.00'), target: { productIds: ['cheap', 'mid'] } }],
      [item('cheap', '2.00', 2), item('mid', '10.00', 3), item('other', '10.00')],
    );
    await service.applyCoupon(id, 'each');
    const priced = await service.priceCart(id);
    expect(priced.lines.map((l) => [l.discount.amount, l.total.amount])).toEqual([['4.00', '0.00'], ['9.00', '21.00'], ['0.00', '10.00']]);
  });

  it('free shipping zeroes the chosen option and reports what it saved', async () => {
    const { service, id } = await cartWith([{ ...base, id: 's', code: 'SHIPFREE', kind: 'free_shipping' }], [item('a', '20.00')]);
    await service.applyCoupon(id, 'shipfree');
    const priced = await service.priceCart(id);
    expect(priced.shipping?.price.isZero()).toBe(true);
    expect(priced.shipping?.listPrice.amount).toBe('5.00');
    expect(priced.appliedPromotions[0]?.amount.amount).toBe('5.00');
    expect(priced.total.amount).toBe('20.00');
  });

  it('buy 2 get 1: the cheapest units are free', async () => {
    const { service, id } = await cartWith(
      [{ ...base, id: 'b', kind: 'buy_x_get_y', buyQuantity: 2, getQuantity: 1, target: { categories: ['tee'] } }],
      [
        { ...item('t1', '20.00', 4), categories: ['tee'] },
        { ...item('t2', '12.00', 2), categories: ['tee'] },
        item('hat', '1.00', 3),
      ],
    );
    // 6 tee units -> 2 free; the two cheapest are the 12.00 ones.
    const priced = await service.priceCart(id);
    expect(priced.lines.map((l) => l.discount.amount)).toEqual(['0.00', '24.00', '0.00']);
    expect(priced.appliedPromotions).toEqual([{ id: 'b', kind: 'buy_x_get_y', amount: priced.discountTotal }]);
  });
});

describe('promotions: conditions and errors', () => {
  it('codes are case-insensitive; unknown codes are COUPON_NOT_FOUND; applying twice is a no-op', async () => {
    const { service, id } = await cartWith([{ ...base, id: 'p', code: 'Welcome', kind: 'percentage', percent: '10' }], [item('a', '10.00')]);
    await expectCode(service.applyCoupon(id, 'nope'), 'COUPON_NOT_FOUND');
    const once = await service.applyCoupon(id, 'wElCoMe');
    const twice = await service.applyCoupon(id, 'WELCOME');
    expect(twice.couponCodes).toEqual(['WELCOME']);
    expect(twice.version).toBe(once.version);
    const removed = await service.removeCoupon(id, 'welcome');
    expect(removed.couponCodes).toEqual([]);
  });

  it('checks start and end times on the Clock', async () => {
    const { service, id, clock } = await cartWith(
      [{ ...base, id: 'p', code: 'LATER', kind: 'percentage', percent: '10', startsAt: Date.parse('2025-03-02T00:00:00Z'), endsAt: Date.parse('2025-03-03T00:00:00Z') }],
      [item('a', '10.00')],
    );
    await expectCode(service.applyCoupon(id, 'LATER'), 'COUPON_NOT_STARTED');
    clock.set('2025-03-02T10:00:00Z');
    await service.applyCoupon(id, 'LATER');
    clock.set('2025-03-03T00:00:00Z');
    await expectCode(service.priceCart(id), 'COUPON_EXPIRED');
  });

  it('removes a coupon that stops qualifying, with an event that says why', async () => {
    const { service, id, named } = await cartWith(
      [{ ...base, id: 'p', code: 'BIG', kind: 'percentage', percent: '10', minSubtotal: eur('50.00') }],
      [item('a', '30.00', 2)],
    );
    await service.applyCoupon(id, 'BIG');
    const cart = await service.updateQuantity(id, 'a', 'a-sku', 1);
    expect(cart.couponCodes).toEqual([]);
    expect(named('cart.coupon_removed')).toEqual([
      expect.objectContaining({ cartId: id, code: 'BIG', reason: 'COUPON_MINIMUM_NOT_MET' }),
    ]);
    await expectCode(service.applyCoupon(id, 'BIG'), 'COUPON_MINIMUM_NOT_MET');
  });

  it('checks usage limits at apply time, overall and per customer', async () => {
    const { service, id, promotions } = await cartWith(
      [
        { ...base, id: 'once', code: 'ONCE', kind: 'percentage', percent: '10', usageLimit: 1 },
        { ...base, id: 'mine', code: 'MINE', kind: 'percentage', percent: '5', perCustomerLimit: 1 },
      ],
      [item('a', '10.00')],
    );
    await promotions.reserveUsage({ holdId: 'other', promotionIds: ['once'], now: 0 });
    await expectCode(service.applyCoupon(id, 'ONCE'), 'COUPON_USAGE_LIMIT');
    await promotions.reserveUsage({ holdId: 'mine-before', promotionIds: ['mine'], customerId: 'u1', now: 0 });
    await expectCode(service.applyCoupon(id, 'MINE'), 'COUPON_USAGE_LIMIT');
    await service.applyCoupon(id, 'MINE', { customerId: 'u2' });
  });

  it('an exclusive coupon stands alone: COUPON_NOT_COMBINABLE either way', async () => {
    const { service, id } = await cartWith(
      [
        { ...base, id: 'a', code: 'A', kind: 'percentage', percent: '10' },
        { ...base, id: 'solo', code: 'SOLO', kind: 'percentage', percent: '30', combinable: false },
      ],
      [item('x', '10.00')],
    );
    await service.applyCoupon(id, 'A');
    await expectCode(service.applyCoupon(id, 'SOLO'), 'COUPON_NOT_COMBINABLE');
    await service.removeCoupon(id, 'A');
    await service.applyCoupon(id, 'SOLO');
    await expectCode(service.applyCoupon(id, 'A'), 'COUPON_NOT_COMBINABLE');
  });

  it('stacks by priority, each on what the one before left; automatics give way to an exclusive coupon', async () => {
    const { service, id } = await cartWith(
      [
        { ...base, id: 'auto5', kind: 'fixed_order', amount: eur('5.00'), priority: 10 },
        { ...base, id: 'half', code: 'HALF', kind: 'percentage', percent: '50', priority: 1 },
        { ...base, id: 'solo', code: 'SOLO', kind: 'percentage', percent: '20', combinable: false },
      ],
      [item('x', '25.00')],
    );
    await service.applyCoupon(id, 'HALF');
    const stacked = await service.priceCart(id);
    // auto first (priority 10): 25 - 5 = 20; then 50 % of 20 = 10.
    expect(stacked.appliedPromotions.map((p) => [p.id, p.amount.amount])).toEqual([['auto5', '5.00'], ['half', '10.00']]);
    await service.removeCoupon(id, 'HALF');
    await service.applyCoupon(id, 'SOLO');
    const alone = await service.priceCart(id);
    expect(alone.appliedPromotions.map((p) => [p.id, p.amount.amount])).toEqual([['solo', '5.00']]);
  });

  it('never takes a line or the order below zero', async () => {
    const { service, id } = await cartWith(
      [
        { ...base, id: 'big', code: 'BIG', kind: 'fixed_order', amount: eur('500.00') },
        { ...base, id: 'pct', kind: 'percentage', percent: '100' },
      ],
      [item('x', '25.00'), item('y', '0.01')],
    );
    await service.applyCoupon(id, 'BIG');
    const priced = await service.priceCart(id);
    expect(priced.lines.every((l) => !l.total.isNegative())).toBe(true);
    expect(priced.total.amount).toBe('5.00');
    expect(priced.discountTotal.amount).toBe('25.01');
  });

  it('refuses a fixed coupon in another currency', async () => {
    const { service, id } = await cartWith([{ ...base, id: 'u', code: 'USD5', kind: 'fixed_order', amount: { amount: '5.00', currency: 'USD' } }], [item('x', '25.00')]);
    await expectCode(service.applyCoupon(id, 'USD5'), 'COUPON_NOT_FOUND');
  });

  it('refuses a bad promotion definition', async () => {
    const { service } = setup();
    await expectCode(service.savePromotion({ ...base, id: 'p', kind: 'percentage', percent: '150' }), 'VALIDATION_FAILED');
    await expectCode(service.savePromotion({ ...base, id: 'p', kind: 'free_shipping', startsAt: 10, endsAt: 5 }), 'VALIDATION_FAILED');
  });
});

describe('promotions: usage reservation', () => {
  it('reserves every applied code, commits and releases idempotently', async () => {
    const { service, id, promotions } = await cartWith(
      [
        { ...base, id: 'a', code: 'A', kind: 'percentage', percent: '10', usageLimit: 1 },
        { ...base, id: 'b', code: 'B', kind: 'free_shipping' },
      ],
      [item('x', '25.00')],
    );
    await service.applyCoupon(id, 'A');
    await service.applyCoupon(id, 'B');
    const hold = await service.reserveCouponUsage({ cartId: id, holdId: 'order-1' });
    expect(hold).toEqual({ holdId: 'order-1', cartId: id, promotionIds: ['a', 'b'], codes: ['A', 'B'], customerId: 'u1' });
    await service.releaseCouponUsage(hold);
    await service.releaseCouponUsage(hold);
    expect((await promotions.getUsage('a')).used).toBe(0);
    const again = await service.reserveCouponUsage({ cartId: id, holdId: 'order-2' });
    await service.commitCouponUsage(again);
    await service.commitCouponUsage(again);
    expect(await promotions.getUsage('a', 'u1')).toEqual({ used: 1, usedByCustomer: 1 });
    await expectCode(service.reserveCouponUsage({ cartId: id, holdId: 'order-3' }), 'COUPON_USAGE_LIMIT');
    expect((await promotions.getUsage('b')).used).toBe(1);
  });

  it('also reserves the automatic promotions the cart gets, and refuses once they are used up', async () => {
    const { service, id, promotions } = await cartWith([{ ...base, id: 'launch', kind: 'percentage', percent: '5', usageLimit: 1 }], [item('x', '25.00')]);
    const hold = await service.reserveCouponUsage({ cartId: id, holdId: 'h1' });
    expect(hold).toMatchObject({ promotionIds: ['launch'], codes: [] });
    expect((await promotions.getUsage('launch')).used).toBe(1);
    await expectCode(service.reserveCouponUsage({ cartId: id, holdId: 'h2' }), 'COUPON_USAGE_LIMIT');
  });

  it('refuses to reserve for a coupon that no longer applies', async () => {
    const { service, id, clock } = await cartWith([{ ...base, id: 'p', code: 'SOON', kind: 'percentage', percent: '5', endsAt: Date.parse('2025-03-01T13:00:00Z') }], [item('x', '25.00')]);
    await service.applyCoupon(id, 'SOON');
    clock.advance({ hours: 1 });
    await expectCode(service.reserveCouponUsage({ cartId: id, holdId: 'h1' }), 'COUPON_EXPIRED');
  });

  it('two customers never both take the last use', async () => {
    const ctx = setup();
    await ctx.service.savePromotion({ ...base, id: 'last', code: 'LAST', kind: 'percentage', percent: '10', usageLimit: 1 });
    const carts = await Promise.all(['u1', 'u2'].map((userId) => ctx.service.createCart({ sessionId: userId, userId, currency: 'EUR' })));
    for (const cart of carts) {
      await ctx.add(cart.id, item('x', '10.00'));
      await ctx.service.applyCoupon(cart.id, 'LAST');
    }
    const results = await Promise.allSettled(carts.map((c, i) => ctx.service.reserveCouponUsage({ cartId: c.id, holdId: `h${i}` })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'COUPON_USAGE_LIMIT' });
  });
});
