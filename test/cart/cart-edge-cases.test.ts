import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryCartStore } from '../../src/adapters/memory/cart-store.js';
import { MemoryPromotionStore } from '../../src/adapters/memory/promotion-store.js';
import { CartService, type CartEvents } from '../../src/cart/index.js';
import { EventBus } from '../../src/shared/index.js';
import type { CartStore } from '../../src/ports/cart-store.js';
import { expectCode, item, setup } from './fixtures.js';

const base = { priority: 0, combinable: true } as const;

describe('CartService: failures and settings', () => {
  it('turns a store failure into a CommerceError and emits nothing', async () => {
    const inner = new MemoryCartStore();
    const broken: CartStore = Object.assign(Object.create(inner) as CartStore, {
      addToLine: () => Promise.reject(new Error('connection reset')),
    });
    const { service, events, add } = setup({ store: broken });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    const error = await expectCode(add(id, item('p', '1.00')), 'INTERNAL');
    expect(error.message).toContain('connection reset');
    expect(events.map((e) => e.event)).toEqual(['cart.created']);
  });

  it('refuses bad settings at construction', () => {
    const stores = { store: new MemoryCartStore(), promotions: new MemoryPromotionStore() };
    expect(() => new CartService({ ...stores, maxLines: 0 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => new CartService({ ...stores, defaultCurrency: 'EURO' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('answers CART_NOT_FOUND for coupon edits on a missing cart, NOT_FOUND for committing an unknown hold', async () => {
    const { service } = setup();
    await expectCode(service.applyCoupon('missing', 'X'), 'CART_NOT_FOUND');
    await expectCode(service.removeCoupon('missing', 'X'), 'CART_NOT_FOUND');
    await expectCode(service.reserveCouponUsage({ cartId: 'missing', holdId: 'h' }), 'CART_NOT_FOUND');
    await expectCode(service.commitCouponUsage({ holdId: 'h', cartId: 'c', promotionIds: [], codes: [] }), 'NOT_FOUND');
  });
});

describe('CartService: coupons that stop qualifying', () => {
  it('drops an ended coupon on the next line edit, saying COUPON_EXPIRED', async () => {
    const { service, clock, named, add } = setup();
    await service.savePromotion({ ...base, id: 'p', code: 'FLASH', kind: 'percentage', percent: '10', endsAt: Date.parse('2025-03-01T13:00:00Z') });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await add(id, item('a', '10.00'));
    await service.applyCoupon(id, 'flash');
    clock.advance({ hours: 2 });
    const cart = await add(id, item('a', '10.00'));
    expect(cart.couponCodes).toEqual([]);
    expect(named('cart.coupon_removed')).toEqual([expect.objectContaining({ code: 'FLASH', reason: 'COUPON_EXPIRED' })]);
    expect(named('cart.updated').at(-1)).toMatchObject({ change: 'coupon_removed', code: 'FLASH' });
  });

  it('a merge that brings two exclusive coupons together keeps the first and drops the other', async () => {
    const { service, named, add } = setup();
    await service.savePromotion({ ...base, id: 'a', code: 'SOLO-A', kind: 'percentage', percent: '10', combinable: false });
    await service.savePromotion({ ...base, id: 'b', code: 'SOLO-B', kind: 'percentage', percent: '20', combinable: false });
    const target = await service.createCart({ sessionId: 't', currency: 'EUR' });
    const source = await service.createCart({ sessionId: 'g', currency: 'EUR' });
    for (const c of [target, source]) await add(c.id, item('x', '10.00'));
    await service.applyCoupon(target.id, 'solo-a');
    await service.applyCoupon(source.id, 'solo-b');
    const merged = await service.mergeCarts(target.id, source.id);
    expect(merged.couponCodes).toEqual(['SOLO-A']);
    expect(named('cart.coupon_removed')).toEqual([expect.objectContaining({ code: 'SOLO-B', reason: 'COUPON_NOT_COMBINABLE' })]);
    expect((await service.priceCart(target.id)).discountTotal.amount).toBe('2.00');
  });
});

describe('CartService: line edits against a model', () => {
  it('any sequence of adds, updates and removes matches a plain model and respects the limits', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), p: fc.integer({ min: 0, max: 5 }), q: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ kind: fc.constant('set' as const), p: fc.integer({ min: 0, max: 5 }), q: fc.integer({ min: -1, max: 12 }) }),
      fc.record({ kind: fc.constant('remove' as const), p: fc.integer({ min: 0, max: 5 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (ops) => {
        const { service, add } = setup({ maxQuantityPerLine: 10, maxLines: 4 });
        const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
        const model = new Map<number, number>();
        for (const o of ops) {
          const sku = `p${o.p}-sku`;
          const attempt =
            o.kind === 'add'
              ? add(id, item(`p${o.p}`, '1.00', o.q))
              : o.kind === 'set'
                ? service.updateQuantity(id, `p${o.p}`, sku, o.q)
                : service.removeItem(id, `p${o.p}`, sku);
          const ok = await attempt.then(
            () => true,
            () => false,
          );
          const current = model.get(o.p);
          if (o.kind === 'add') {
            const next = (current ?? 0) + o.q;
            const allowed = next <= 10 && (current !== undefined || model.size < 4);
            expect(ok).toBe(allowed);
            if (allowed) model.set(o.p, next);
          } else if (o.kind === 'remove' || o.q <= 0) {
            expect(ok).toBe(current !== undefined);
            model.delete(o.p);
          } else {
            const allowed = current !== undefined && o.q <= 10;
            expect(ok).toBe(allowed);
            if (allowed) model.set(o.p, o.q);
          }
        }
        const cart = await service.getCart(id);
        expect(new Map(cart?.lines.map((l) => [Number(l.productId.slice(1)), l.quantity]))).toEqual(model);
        expect(cart?.itemCount).toBe([...model.values()].reduce((a, b) => a + b, 0));
      }),
      { numRuns: 100 },
    );
  });
});

describe('CartService: a line edit stays done when dropping a coupon fails', () => {
  it('answers the stored cart and leaves the coupon for priceCart to refuse', async () => {
    const inner = new MemoryCartStore();
    const store: CartStore = Object.assign(Object.create(inner) as CartStore, {
      compareAndSet: (op: Parameters<CartStore['compareAndSet']>[0]) =>
        op.cart.couponCodes.length === 0 ? Promise.reject(new Error('store down')) : inner.compareAndSet(op),
    });
    const { service, add } = setup({ store });
    await service.savePromotion({ ...base, id: 'p', code: 'MIN', kind: 'percentage', percent: '10', minSubtotal: { amount: '15.00', currency: 'EUR' } });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await add(id, item('a', '10.00', 2));
    await service.applyCoupon(id, 'MIN');
    const cart = await service.updateQuantity(id, 'a', 'a-sku', 1);
    expect(cart.lines[0]?.quantity).toBe(1);
    expect(cart.couponCodes).toEqual(['MIN']);
    await expectCode(service.priceCart(id), 'COUPON_MINIMUM_NOT_MET');
  });
});

describe('CartService: events on an EventBus', () => {
  it('emits after the change is stored, and a throwing listener never breaks the command', async () => {
    const bus = new EventBus<CartEvents>();
    const store = new MemoryCartStore();
    const service = new CartService({ store, promotions: new MemoryPromotionStore(), events: bus, pricing: 'caller' });
    const seen: number[] = [];
    bus.on('cart.updated', async (e) => {
      seen.push((await store.get(e.cartId, e.at))?.version ?? -1);
    });
    bus.on('cart.updated', () => {
      throw new Error('listener bug');
    });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    const cart = await service.addItem(id, item('a', '1.00'));
    await Promise.resolve();
    expect(seen).toEqual([cart.version]);
  });
});
