import { describe, expect, it } from 'vitest';
import { MemoryCartStore } from '../../src/adapters/memory/cart-store.js';
import type { CartStore } from '../../src/ports/cart-store.js';
import { expectCode, item, setup } from './fixtures.js';

const HOUR = 3_600_000;

describe('CartService: carts and lines', () => {
  it('creates a cart in the default currency, links its user and emits cart.created', async () => {
    const { service, named } = setup();
    const cart = await service.createCart({ sessionId: 's1', userId: 'u1' });
    expect(cart).toMatchObject({ id: 'cart_1', userId: 'u1', sessionId: 's1', currency: 'USD', lines: [], version: 1 });
    expect(cart.expiresAt - cart.createdAt).toBe(24 * HOUR);
    expect((await service.getUserCart('u1'))?.id).toBe('cart_1');
    expect(await service.getUserCart('u2')).toBeNull();
    expect(named('cart.created')).toEqual([{ cartId: 'cart_1', userId: 'u1', sessionId: 's1', currency: 'USD', at: cart.createdAt }]);
  });

  it('adds to the same (productId, sku) line, bumps the version and slides expiry', async () => {
    const { service, clock, named, add } = setup();
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    clock.advance({ hours: 1 });
    await add(id, item('p1', '10.00', 2));
    await add(id, { ...item('p1', '10.00', 3), sku: 'other' });
    clock.advance({ hours: 2 });
    const cart = await add(id, item('p1', '10.00', 4));
    expect(cart.lines.map((l) => [l.sku, l.quantity])).toEqual([['p1-sku', 6], ['other', 3]]);
    expect(cart.itemCount).toBe(9);
    expect(cart.version).toBe(4);
    expect(cart.updatedAt).toBe(clock.now());
    expect(cart.expiresAt).toBe(clock.now() + 24 * HOUR);
    expect(named('cart.updated').map((e) => e.change)).toEqual(['item_added', 'item_added', 'item_added']);
  });

  it('updates quantities, removes at <= 0 and refuses missing lines and carts', async () => {
    const { service, add } = setup();
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await add(id, item('p1', '1.00'));
    await add(id, item('p2', '1.00'));
    expect((await service.updateQuantity(id, 'p1', 'p1-sku', 5)).lines[0]?.quantity).toBe(5);
    expect((await service.updateQuantity(id, 'p1', 'p1-sku', 0)).lines.map((l) => l.productId)).toEqual(['p2']);
    expect((await service.removeItem(id, 'p2', 'p2-sku')).lines).toEqual([]);
    await expectCode(service.removeItem(id, 'p2', 'p2-sku'), 'CART_LINE_NOT_FOUND');
    await expectCode(service.updateQuantity(id, 'p9', 'x', 2), 'CART_LINE_NOT_FOUND');
    await expectCode(add('missing', item('p1', '1.00')), 'CART_NOT_FOUND');
  });

  it('enforces the quantity and line limits, and sells only in the cart\'s currency', async () => {
    const { service, add, stock } = setup({ maxQuantityPerLine: 5, maxLines: 2 });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await add(id, item('p1', '1.00', 5));
    await expectCode(add(id, item('p1', '1.00', 1)), 'CART_QUANTITY_LIMIT');
    await expectCode(service.updateQuantity(id, 'p1', 'p1-sku', 6), 'CART_QUANTITY_LIMIT');
    await add(id, item('p2', '1.00'));
    await expectCode(add(id, item('p3', '1.00')), 'CART_LINE_LIMIT');
    await stock(item('p4', '1.00', 1, 'USD'));
    await expectCode(service.addItem(id, { sku: 'p4-sku', quantity: 1 }), 'NO_PRICE_IN_CURRENCY');
    expect((await service.getCart(id))?.version).toBe(3);
  });

  it('takes { sku, quantity } only: a price is PRICE_NOT_ALLOWED, anything else VALIDATION_FAILED, nothing written', async () => {
    const { service, stock } = setup();
    await stock(item('p1', '1.00'));
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await expectCode(service.addItem(id, { sku: 'p1-sku', quantity: 1, unitPrice: { amount: '0.01', currency: 'EUR' } }), 'PRICE_NOT_ALLOWED');
    await expectCode(service.addItem(id, { ...item('p1', '0.01') }), 'PRICE_NOT_ALLOWED');
    for (const bad of [{ sku: 'p1-sku', quantity: 1.5 }, { sku: 'p1-sku', quantity: 0 }, { sku: '', quantity: 1 }, { sku: 'p1-sku', quantity: 1, name: 'Free' }, { sku: 'p1-sku', quantity: '1' }, null, 'p1-sku']) {
      await expectCode(service.addItem(id, bad as never), 'VALIDATION_FAILED');
    }
    await expectCode(service.addItem(id, { sku: 'nope', quantity: 1 }), 'SKU_NOT_IN_CATALOG');
    expect((await service.getCart(id))?.version).toBe(1);
    expect((await service.addItem(id, { sku: 'p1-sku', quantity: 1 })).lines[0]?.unitPrice.amount).toBe('1.00');
  });

  it('with pricing: caller, refuses a bad price or quantity with VALIDATION_FAILED and writes nothing', async () => {
    const { service } = setup({ pricing: 'caller' });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await expectCode(service.addItem(id, { ...item('p1', '1.00'), unitPrice: { amount: '1.005', currency: 'EUR' } }), 'VALIDATION_FAILED');
    await expectCode(service.addItem(id, { ...item('p1', '1.00'), unitPrice: { amount: '-1.00', currency: 'EUR' } }), 'VALIDATION_FAILED');
    await expectCode(service.addItem(id, { ...item('p1', '1.00'), unitPrice: { amount: '90071992547409.92', currency: 'EUR' } }), 'VALIDATION_FAILED');
    await expectCode(service.addItem(id, { ...item('p1', '1.00'), quantity: 1.5 }), 'VALIDATION_FAILED');
    const float = await expectCode(service.addItem(id, { ...item('p1', '1.00'), unitPrice: 19.99 as never }), 'VALIDATION_FAILED');
    expect(float.message).toMatch(/pass a decimal string/);
    await expectCode(service.addItem(id, { ...item('p1', '1.00', 1, 'USD') }), 'CART_CURRENCY_MISMATCH');
    await expectCode(service.createCart({ sessionId: '', currency: 'EUR' }), 'VALIDATION_FAILED');
    await expectCode(service.createCart({ sessionId: 's', currency: 'XXX' }), 'VALIDATION_FAILED');
    expect((await service.getCart(id))?.version).toBe(1);
    expect((await service.addItem(id, item('p1', '0.01'))).lines[0]?.unitPrice.amount).toBe('0.01');
  });

  it('keeps all of 50 concurrent addItem calls on one cart, none failing', async () => {
    const { service, stock } = setup();
    for (let p = 0; p < 7; p++) await stock(item(`p${p}`, '2.50'));
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => service.addItem(id, { sku: `p${i % 7}-sku`, quantity: 1 + (i % 3) })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const cart = await service.getCart(id);
    const expected = Array.from({ length: 50 }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b, 0);
    expect(cart?.itemCount).toBe(expected);
    expect(cart?.version).toBe(51);
  });

  it('expires an idle cart after the idle timeout and cleans it up through the index', async () => {
    const { service, clock, named, add } = setup({ idleTimeoutMs: HOUR });
    const a = await service.createCart({ sessionId: 'a', currency: 'EUR', userId: 'u1' });
    const b = await service.createCart({ sessionId: 'b', currency: 'EUR' });
    clock.advance({ minutes: 50 });
    await add(b.id, item('p1', '3.00', 2));
    clock.advance({ minutes: 20 });
    expect(await service.getCart(a.id)).toBeNull();
    expect(await service.getUserCart('u1')).toBeNull();
    expect(await service.getCart(b.id)).not.toBeNull();
    expect(await service.cleanupAbandonedCarts()).toBe(1);
    expect(named('cart.abandoned')).toEqual([
      { cartId: a.id, userId: 'u1', sessionId: 'a', itemCount: 0, lastActivityAt: a.createdAt, expiredAt: a.createdAt + HOUR, at: clock.now() },
    ]);
    clock.advance({ hours: 1 });
    expect(await service.cleanupAbandonedCarts()).toBe(1);
    expect(named('cart.abandoned')[1]).toMatchObject({ cartId: b.id, itemCount: 2 });
    expect(await service.cleanupAbandonedCarts()).toBe(0);
  });

  it('cleans up in bounded batches without reading live carts', async () => {
    const store = new MemoryCartStore();
    let gets = 0;
    const counting: CartStore = Object.assign(Object.create(store) as CartStore, {
      get: (cartId: string, now: number) => {
        gets += 1;
        return store.get(cartId, now);
      },
    });
    const { service, clock } = setup({ store: counting, idleTimeoutMs: HOUR });
    for (let i = 0; i < 250; i += 1) await service.createCart({ sessionId: `s${i}`, currency: 'EUR' });
    clock.advance({ hours: 2 });
    for (let i = 0; i < 5; i += 1) await service.createCart({ sessionId: `live${i}`, currency: 'EUR' });
    expect(await service.cleanupAbandonedCarts({ limit: 120 })).toBe(120);
    expect(await service.cleanupAbandonedCarts()).toBe(130);
    expect(gets).toBe(0);
  });

  it('deletes a cart and its user link, idempotently', async () => {
    const { service, named } = setup();
    const { id } = await service.createCart({ sessionId: 's', userId: 'u1' });
    expect(await service.deleteCart(id)).toBe(true);
    expect(await service.deleteCart(id)).toBe(false);
    expect(await service.getCart(id)).toBeNull();
    expect(await service.getUserCart('u1')).toBeNull();
    expect(named('cart.deleted').map((e) => e.cartId)).toEqual([id]);
  });
});

describe('CartService: merge', () => {
  async function twoCarts(strategy: 'sum' | 'max') {
    const ctx = setup();
    const target = await ctx.service.createCart({ sessionId: 't', userId: 'u1', currency: 'EUR' });
    const source = await ctx.service.createCart({ sessionId: 'g', currency: 'EUR' });
    await ctx.add(target.id, item('p1', '5.00', 2));
    await ctx.add(source.id, item('p1', '5.00', 3));
    await ctx.add(source.id, item('p2', '7.00', 1));
    const merged = await ctx.service.mergeCarts(target.id, source.id, { strategy });
    return { ...ctx, merged, target, source };
  }

  it('sums quantities by default, keeps the user, deletes the source after storing the target', async () => {
    const { service, merged, source, named } = await twoCarts('sum');
    expect(merged.lines.map((l) => [l.productId, l.quantity])).toEqual([['p1', 5], ['p2', 1]]);
    expect(merged.userId).toBe('u1');
    expect(await service.getCart(source.id)).toBeNull();
    expect(named('cart.merged')[0]).toMatchObject({ sourceCartId: source.id, strategy: 'sum', dropped: [] });
    expect(named('cart.deleted').map((e) => e.cartId)).toEqual([source.id]);
    expect((await service.getUserCart('u1'))?.itemCount).toBe(6);
  });

  it('takes the larger quantity with max', async () => {
    const { merged } = await twoCarts('max');
    expect(merged.lines.map((l) => [l.productId, l.quantity])).toEqual([['p1', 3], ['p2', 1]]);
  });

  it('respects the quantity and line limits and reports what was left out', async () => {
    const { service, named, add } = setup({ maxQuantityPerLine: 4, maxLines: 2 });
    const target = await service.createCart({ sessionId: 't', currency: 'EUR' });
    const source = await service.createCart({ sessionId: 'g', currency: 'EUR' });
    await add(target.id, item('p1', '5.00', 2));
    await add(target.id, item('p3', '5.00', 1));
    await add(source.id, item('p1', '5.00', 3));
    await add(source.id, item('p2', '7.00', 1));
    const merged = await service.mergeCarts(target.id, source.id);
    expect(merged.lines.map((l) => [l.productId, l.quantity])).toEqual([['p1', 4], ['p3', 1]]);
    expect(named('cart.merged')[0]?.dropped).toEqual([
      { productId: 'p1', sku: 'p1-sku', quantity: 1 },
      { productId: 'p2', sku: 'p2-sku', quantity: 1 },
    ]);
  });

  it('refuses carts in different currencies, missing carts and a cart into itself, changing nothing', async () => {
    const { service } = setup();
    const eur = await service.createCart({ sessionId: 'a', currency: 'EUR' });
    const usd = await service.createCart({ sessionId: 'b', currency: 'USD' });
    await expectCode(service.mergeCarts(eur.id, usd.id), 'CART_CURRENCY_MISMATCH');
    await expectCode(service.mergeCarts(eur.id, 'missing'), 'CART_NOT_FOUND');
    await expectCode(service.mergeCarts(eur.id, eur.id), 'VALIDATION_FAILED');
    expect((await service.getCart(usd.id))?.version).toBe(1);
  });
});

describe('CartService: compare-and-set retries', () => {
  function alwaysConflicting(): { store: CartStore; attempts: () => number } {
    const inner = new MemoryCartStore();
    let attempts = 0;
    const store: CartStore = Object.assign(Object.create(inner) as CartStore, {
      compareAndSet: async (op: Parameters<CartStore['compareAndSet']>[0]) => {
        attempts += 1;
        // Another writer always gets in between the read and the write.
        await inner.addToLine({ cartId: op.cart.id, line: { productId: 'x', sku: 'x', name: 'x', quantity: 1, unitPrice: '1.00', currency: 'EUR', taxClass: 'standard', categories: [], weightGrams: 0 }, limits: { maxQuantity: 999, maxLines: 500 }, now: op.now, expiresAt: op.expiresAt });
        return inner.compareAndSet(op);
      },
    });
    return { store, attempts: () => attempts };
  }

  it('gives up with CART_CONFLICT after the bounded attempts, backing off with the injected jitter', async () => {
    const { store, attempts } = alwaysConflicting();
    const delays: number[] = [];
    const draws = [0.5, 0.25, 0.75, 1 - 2 ** -32];
    let n = 0;
    const { service, promotions } = setup({
      store,
      retry: { attempts: 4, baseDelayMs: 8, maxDelayMs: 20, sleep: (ms) => (delays.push(ms), Promise.resolve()) },
      random: () => draws[n++] ?? 0,
    });
    await promotions.save({ id: 'p', code: 'TEN', kind: 'percentage', percent: '10', priority: 0, combinable: true });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await expectCode(service.applyCoupon(id, 'ten'), 'CART_CONFLICT');
    expect(attempts()).toBe(4);
    // full jitter: floor(random x min(max, base x 2^n)) for the 3 waits between 4 attempts
    expect(delays).toEqual([4, 4, 15]);
    expect((await service.getCart(id))?.couponCodes).toEqual([]);
  });
});
