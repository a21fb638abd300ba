import assert from 'node:assert/strict';
import type { CartStore, LineResult, StoredCart, StoredCartLine } from '../ports/cart-store.js';
import { defineConformanceSuite } from './conformance.js';
import { LONE_SURROGATE, assertRefusesIllFormed } from './replay-checks.js';

const HOUR = 3_600_000;
const limits = { maxQuantity: 10, maxLines: 3 };

function cart(id: string, now: number, over: Partial<StoredCart> = {}): StoredCart {
  return { id, userId: null, sessionId: `s-${id}`, currency: 'EUR', lines: [], couponCodes: [], version: 1, createdAt: now, updatedAt: now, expiresAt: now + HOUR, ...over };
}

function line(productId: string, quantity = 1, over: Partial<StoredCartLine> = {}): StoredCartLine {
  return { productId, sku: `${productId}-sku`, name: productId, quantity, unitPrice: '9.99', currency: 'EUR', taxClass: 'standard', categories: [], weightGrams: 0, ...over };
}

/**
 * The shared tests of the CartStore port: every adapter (memory, Redis) must pass them
 * unchanged. They pin the result codes, the version and expiry rules and the atomicity
 * the cart service relies on.
 */
export const cartStoreConformance = defineConformanceSuite<CartStore>('CartStore', (test) => {
  test('creates a cart at version 1, refuses a taken id, and reads it back', async ({ store, clock }) => {
    const now = clock.now();
    const created = await store.create(cart('c1', now));
    assert.equal(created.code, 'ok');
    assert.equal((await store.create(cart('c1', now))).code, 'exists');
    const read = await store.get('c1', now);
    assert.equal(read?.version, 1);
    assert.equal(read?.currency, 'EUR');
    assert.equal(await store.get('nope', now), null);
  });

  test('a line keeps whether its price includes tax, and a line without it reads back without it', async ({ store, clock }) => {
    await store.create(cart('c1', clock.now(), { lines: [line('p0', 1, { taxIncluded: false })] }));
    const now = clock.now();
    await store.addToLine({ cartId: 'c1', line: line('p1', 1, { taxIncluded: true }), limits, now, expiresAt: now + HOUR });
    await store.addToLine({ cartId: 'c1', line: line('p2'), limits, now, expiresAt: now + HOUR });
    const read = await store.get('c1', now);
    assert.deepEqual(read?.lines.map((l) => l.taxIncluded), [false, true, undefined]);
    assert.equal(read?.lines[2] !== undefined && 'taxIncluded' in read.lines[2], false);
  });

  test('adds to a line: a new line, then more of the same line; each write bumps version and slides expiry', async ({ store, clock }) => {
    await store.create(cart('c1', clock.now()));
    clock.advance(1000);
    const first = await store.addToLine({ cartId: 'c1', line: line('p1', 2), limits, now: clock.now(), expiresAt: clock.now() + HOUR });
    assert.equal(first.code, 'ok');
    clock.advance(1000);
    const second = await store.addToLine({ cartId: 'c1', line: line('p1', 3, { unitPrice: '8.00' }), limits, now: clock.now(), expiresAt: clock.now() + HOUR });
    assert.ok(second.code === 'ok');
    assert.equal(second.cart.lines.length, 1);
    assert.equal(second.cart.lines[0]?.quantity, 5);
    assert.equal(second.cart.lines[0]?.unitPrice, '8.00');
    assert.equal(second.cart.version, 3);
    assert.equal(second.cart.updatedAt, clock.now());
    assert.equal(second.cart.expiresAt, clock.now() + HOUR);
  });

  test('enforces quantity, line and currency limits and writes nothing when refusing', async ({ store, clock }) => {
    const now = clock.now();
    const at = { now, expiresAt: now + HOUR };
    await store.create(cart('c1', now));
    await store.addToLine({ cartId: 'c1', line: line('p1', 9), limits, ...at });
    const over = await store.addToLine({ cartId: 'c1', line: line('p1', 2), limits, ...at });
    assert.deepEqual(over, { code: 'quantity_limit', quantity: 11 });
    await store.addToLine({ cartId: 'c1', line: line('p2'), limits, ...at });
    await store.addToLine({ cartId: 'c1', line: line('p3'), limits, ...at });
    assert.equal((await store.addToLine({ cartId: 'c1', line: line('p4'), limits, ...at })).code, 'line_limit');
    const usd = await store.addToLine({ cartId: 'c1', line: line('p1', 1, { currency: 'USD' }), limits, ...at });
    assert.deepEqual(usd, { code: 'currency_mismatch', currency: 'USD' });
    const read = await store.get('c1', now);
    assert.equal(read?.version, 4);
    assert.deepEqual(read?.lines.map((l) => [l.productId, l.quantity]), [['p1', 9], ['p2', 1], ['p3', 1]]);
    assert.equal((await store.addToLine({ cartId: 'zz', line: line('p1'), limits, ...at })).code, 'not_found');
  });

  test('sets and removes lines with their result codes', async ({ store, clock }) => {
    const now = clock.now();
    const at = { now, expiresAt: now + HOUR };
    await store.create(cart('c1', now));
    await store.addToLine({ cartId: 'c1', line: line('p1', 2), limits, ...at });
    const set = await store.setLineQuantity({ cartId: 'c1', productId: 'p1', sku: 'p1-sku', quantity: 7, limits, ...at });
    assert.ok(set.code === 'ok');
    assert.equal(set.cart.lines[0]?.quantity, 7);
    assert.deepEqual(await store.setLineQuantity({ cartId: 'c1', productId: 'p1', sku: 'p1-sku', quantity: 11, limits, ...at }), { code: 'quantity_limit', quantity: 11 });
    assert.equal((await store.setLineQuantity({ cartId: 'c1', productId: 'p9', sku: 'x', quantity: 1, limits, ...at })).code, 'line_not_found');
    assert.equal((await store.removeLine({ cartId: 'c1', productId: 'p9', sku: 'x', ...at })).code, 'line_not_found');
    const removed = await store.removeLine({ cartId: 'c1', productId: 'p1', sku: 'p1-sku', ...at });
    assert.ok(removed.code === 'ok');
    assert.equal(removed.cart.lines.length, 0);
    assert.equal(removed.cart.version, 4);
  });

  test('keeps every one of 50 concurrent line additions', async ({ store, clock }) => {
    const now = clock.now();
    await store.create(cart('c1', now));
    const wide = { maxQuantity: 999, maxLines: 500 };
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.addToLine({ cartId: 'c1', line: line(`p${i % 10}`, 1), limits: wide, now, expiresAt: now + HOUR })),
    );
    assert.ok(results.every((r) => r.code === 'ok'));
    const read = await store.get('c1', now);
    assert.equal(read?.lines.reduce((a, l) => a + l.quantity, 0), 50);
    assert.equal(read?.version, 51);
  });

  test('compare-and-set writes only over the expected version', async ({ store, clock }) => {
    const now = clock.now();
    await store.create(cart('c1', now));
    const ok = await store.compareAndSet({ cart: cart('c1', now, { couponCodes: ['SAVE'] }), expectedVersion: 1, now, expiresAt: now + 2 * HOUR });
    assert.ok(ok.code === 'ok');
    assert.equal(ok.cart.version, 2);
    assert.equal(ok.cart.expiresAt, now + 2 * HOUR);
    const stale = await store.compareAndSet({ cart: cart('c1', now, { couponCodes: [] }), expectedVersion: 1, now, expiresAt: now + HOUR });
    assert.deepEqual(stale, { code: 'conflict', version: 2 });
    assert.deepEqual((await store.get('c1', now))?.couponCodes, ['SAVE']);
    assert.equal((await store.compareAndSet({ cart: cart('zz', now), expectedVersion: 1, now, expiresAt: now })).code, 'not_found');
  });

  test('links a user to a cart on create and on compare-and-set, and unlinks on delete', async ({ store, clock }) => {
    const now = clock.now();
    await store.create(cart('c1', now, { userId: 'u1' }));
    assert.equal(await store.getUserCartId('u1'), 'c1');
    await store.create(cart('c2', now));
    await store.compareAndSet({ cart: cart('c2', now, { userId: 'u2' }), expectedVersion: 1, now, expiresAt: now + HOUR });
    assert.equal(await store.getUserCartId('u2'), 'c2');
    assert.equal((await store.delete({ cartId: 'c1', expectedVersion: 7 })).code, 'conflict');
    assert.equal((await store.delete({ cartId: 'c1' })).code, 'ok');
    assert.equal(await store.getUserCartId('u1'), null);
    assert.equal((await store.delete({ cartId: 'c1' })).code, 'not_found');
  });

  test('hides expired carts and hands them out once through takeExpired, oldest first', async ({ store, clock }) => {
    const now = clock.now();
    await store.create(cart('old', now, { expiresAt: now + 1000 }));
    await store.create(cart('mid', now, { expiresAt: now + 2000 }));
    await store.create(cart('new', now, { expiresAt: now + 5000 }));
    // A write slides `mid` past `new`.
    await store.addToLine({ cartId: 'mid', line: line('p1'), limits, now, expiresAt: now + 9000 });
    clock.advance(6000);
    assert.equal(await store.get('old', clock.now()), null);
    assert.equal((await store.addToLine({ cartId: 'old', line: line('p1'), limits, now: clock.now(), expiresAt: clock.now() + HOUR })).code, 'not_found');
    const first = await store.takeExpired({ now: clock.now(), limit: 1 });
    assert.deepEqual(first.map((c) => c.id), ['old']);
    const rest = await store.takeExpired({ now: clock.now(), limit: 10 });
    assert.deepEqual(rest.map((c) => c.id), ['new']);
    assert.deepEqual(await store.takeExpired({ now: clock.now(), limit: 10 }), []);
    assert.equal((await store.get('mid', clock.now()))?.lines.length, 1);
  });

  test('keeps a copy of what it is given', async ({ store, clock }) => {
    const now = clock.now();
    const at = { now, expiresAt: now + HOUR };
    const input = cart('c1', now, { couponCodes: ['A'] });
    await store.create(input);
    input.couponCodes.push('B');
    const added = line('p1', 1, { categories: ['mugs'] });
    await store.addToLine({ cartId: 'c1', line: added, limits, ...at });
    added.categories.push('changed');
    added.quantity = 40;
    const read = await store.get('c1', now);
    assert.ok(read);
    const next = { ...read, couponCodes: ['C'], lines: [] };
    const written = await store.compareAndSet({ cart: next, expectedVersion: read.version, ...at });
    assert.equal(written.code, 'ok');
    next.couponCodes.push('D');
    assert.deepEqual(await store.get('c1', now), { ...read, couponCodes: ['C'], lines: [], version: read.version + 1 });
    assert.deepEqual(read.couponCodes, ['A']);
    assert.deepEqual(read.lines.map((l) => [l.quantity, l.categories]), [[1, ['mugs']]]);
  });

  test('never changes a cart it has answered: each write answers a new one (answers are read-only)', async ({ store, clock }) => {
    const now = clock.now();
    const at = { now, expiresAt: now + HOUR };
    await store.create(cart('c1', now));
    await store.create(cart('c2', now));
    const first = await store.addToLine({ cartId: 'c1', line: line('p1', 1, { categories: ['mugs'] }), limits, ...at });
    const same = await store.addToLine({ cartId: 'c2', line: line('p1', 1, { categories: ['mugs'] }), limits, ...at });
    assert.ok(first.code === 'ok' && same.code === 'ok');
    assert.deepEqual({ ...same.cart, id: 'c1', sessionId: 's-c1' }, first.cart);
    const answered = [first.cart];
    const snapshots = [structuredClone(first.cart)];
    const keep = (result: LineResult) => {
      assert.ok(result.code === 'ok');
      answered.push(result.cart);
      snapshots.push(structuredClone(result.cart));
      return result.cart;
    };
    const read = await store.get('c1', now);
    assert.ok(read);
    answered.push(read);
    snapshots.push(structuredClone(read));
    const set = keep(await store.setLineQuantity({ cartId: 'c1', productId: 'p1', sku: 'p1-sku', quantity: 2, limits, ...at }));
    assert.deepEqual(set.lines.map((l) => [l.productId, l.quantity, l.categories]), [['p1', 2, ['mugs']]]);
    const added = keep(await store.addToLine({ cartId: 'c1', line: line('p2'), limits, ...at }));
    assert.deepEqual(added.lines.map((l) => [l.productId, l.quantity, l.categories]), [['p1', 2, ['mugs']], ['p2', 1, []]]);
    const removed = keep(await store.removeLine({ cartId: 'c1', productId: 'p1', sku: 'p1-sku', ...at }));
    assert.deepEqual(removed.lines.map((l) => l.productId), ['p2']);
    const cas = await store.compareAndSet({ cart: { ...removed, couponCodes: ['X'] }, expectedVersion: removed.version, ...at });
    assert.equal(cas.code, 'ok');
    await store.delete({ cartId: 'c1' });
    answered.forEach((c, i) => assert.deepEqual(c, snapshots[i], `answer ${i} changed after later writes`));
  });

  test('a line edit sent again with its opId is applied once and answers the cart as stored', async ({ store, clock }) => {
    const now = clock.now();
    const at = { now, expiresAt: now + HOUR };
    await store.create(cart('c1', now));
    const add = { cartId: 'c1', line: line('p1', 2), limits, ...at, opId: 'op-add' };
    const first = await store.addToLine(add);
    assert.ok(first.code === 'ok');
    const again = await store.addToLine(add);
    assert.deepEqual(again, first);
    // Another edit in between: the replay answers the cart as it is now, still holding 2 of p1 once.
    await store.addToLine({ cartId: 'c1', line: line('p2'), limits, ...at, opId: 'op-other' });
    const later = await store.addToLine(add);
    assert.ok(later.code === 'ok');
    assert.deepEqual(later.cart.lines.map((l) => [l.productId, l.quantity]), [['p1', 2], ['p2', 1]]);
    assert.equal(later.cart.version, 3);

    const set = { cartId: 'c1', productId: 'p1', sku: 'p1-sku', quantity: 7, limits, ...at, opId: 'op-set' };
    assert.equal((await store.setLineQuantity(set)).code, 'ok');
    await store.addToLine({ cartId: 'c1', line: line('p1', 1), limits, ...at });
    const setAgain = await store.setLineQuantity(set);
    assert.ok(setAgain.code === 'ok');
    assert.equal(setAgain.cart.lines[0]?.quantity, 8);

    const remove = { cartId: 'c1', productId: 'p2', sku: 'p2-sku', ...at, opId: 'op-remove' };
    assert.equal((await store.removeLine(remove)).code, 'ok');
    const removeAgain = await store.removeLine(remove);
    assert.ok(removeAgain.code === 'ok');
    assert.deepEqual(removeAgain.cart.lines.map((l) => l.productId), ['p1']);
    assert.equal((await store.get('c1', now))?.version, 6);
  });

  test('edits of one batch that share an opId apply once', async ({ store, clock }) => {
    const now = clock.now();
    await store.create(cart('c1', now));
    const add = { cartId: 'c1', line: line('p1', 1), limits, now, expiresAt: now + HOUR, opId: 'op-same' };
    const answers = await Promise.all([store.addToLine(add), store.addToLine(add), store.addToLine(add)]);
    assert.ok(answers.every((a) => a.code === 'ok'));
    const read = await store.get('c1', now);
    assert.deepEqual(read?.lines.map((l) => l.quantity), [1]);
    assert.equal(read?.version, 2);
  });

  test('a refused line edit is not remembered: sent again, it is decided again', async ({ store, clock }) => {
    const now = clock.now();
    const at = { now, expiresAt: now + HOUR };
    await store.create(cart('c1', now));
    const set = { cartId: 'c1', productId: 'p1', sku: 'p1-sku', quantity: 4, limits, ...at, opId: 'op-set' };
    assert.equal((await store.setLineQuantity(set)).code, 'line_not_found');
    await store.addToLine({ cartId: 'c1', line: line('p1'), limits, ...at });
    const again = await store.setLineQuantity(set);
    assert.ok(again.code === 'ok');
    assert.equal(again.cart.lines[0]?.quantity, 4);
  });

  test('create, compare-and-set and delete sent again answer their first answer and write once', async ({ store, clock }) => {
    const now = clock.now();
    const created = await store.create(cart('c1', now), { opId: 'op-create' });
    assert.deepEqual(await store.create(cart('c1', now), { opId: 'op-create' }), created);
    // Another input under a used opId is never applied (what it answers is not specified).
    await store.create(cart('c1', now, { sessionId: 'other' }), { opId: 'op-create' });
    assert.equal((await store.get('c1', now))?.sessionId, 's-c1');
    assert.equal((await store.create(cart('c1', now), { opId: 'op-create-2' })).code, 'exists');

    const cas = { cart: cart('c1', now, { couponCodes: ['TEN'] }), expectedVersion: 1, now, expiresAt: now + HOUR, opId: 'op-cas' };
    const first = await store.compareAndSet(cas);
    assert.ok(first.code === 'ok');
    assert.deepEqual(await store.compareAndSet(cas), first);
    assert.equal((await store.get('c1', now))?.version, 2);

    const deleted = await store.delete({ cartId: 'c1', opId: 'op-delete' });
    assert.ok(deleted.code === 'ok');
    assert.deepEqual(await store.delete({ cartId: 'c1', opId: 'op-delete' }), deleted);
    assert.deepEqual(await store.delete({ cartId: 'c1', opId: 'op-delete-2' }), { code: 'not_found' });
  });

  test('ids and values that are not well-formed Unicode are refused, and nothing is written', async ({ store, clock }) => {
    const now = clock.now();
    const at = { now, expiresAt: now + HOUR };
    await store.create(cart('c1', now));
    await assertRefusesIllFormed(() => store.create(cart(LONE_SURROGATE, now)));
    await assertRefusesIllFormed(() => store.create(cart('c2', now, { userId: LONE_SURROGATE })));
    await assertRefusesIllFormed(() => store.get(LONE_SURROGATE, now));
    await assertRefusesIllFormed(() => store.getUserCartId(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.addToLine({ cartId: 'c1', line: line('p1', 1, { sku: LONE_SURROGATE }), limits, ...at }));
    await assertRefusesIllFormed(() => store.addToLine({ cartId: 'c1', line: line('p1', 1, { categories: ['ok', LONE_SURROGATE] }), limits, ...at }));
    await assertRefusesIllFormed(() => store.addToLine({ cartId: 'c1', line: line('p1'), limits, ...at, opId: LONE_SURROGATE }));
    await assertRefusesIllFormed(() => store.setLineQuantity({ cartId: 'c1', productId: LONE_SURROGATE, sku: 'x', quantity: 1, limits, ...at }));
    await assertRefusesIllFormed(() => store.removeLine({ cartId: LONE_SURROGATE, productId: 'p', sku: 'x', ...at }));
    await assertRefusesIllFormed(() => store.compareAndSet({ cart: cart('c1', now, { couponCodes: [LONE_SURROGATE] }), expectedVersion: 1, ...at }));
    await assertRefusesIllFormed(() => store.delete({ cartId: LONE_SURROGATE }));
    assert.equal(await store.get('c2', now), null);
    const read = await store.get('c1', now);
    assert.equal(read?.version, 1);
    assert.deepEqual(read?.lines, []);
  });
});
