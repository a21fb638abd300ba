import assert from 'node:assert/strict';
import type { CheckoutState } from '../checkout/checkout-types.js';
import type { CheckoutStore } from '../ports/checkout-store.js';
import { defineConformanceSuite } from './conformance.js';
import { LONE_SURROGATE, assertRefusesIllFormed } from './replay-checks.js';

/** A minimal open checkout for store tests. */
export function sampleCheckout(id: string, now: number, patch: Partial<CheckoutState> = {}): CheckoutState {
  return {
    id,
    cartId: `cart-of-${id}`,
    currency: 'USD',
    status: 'open',
    currentStep: 'shipping_info',
    completedSteps: ['cart_review'],
    reopenCount: 0,
    createdAt: now,
    updatedAt: now,
    expiresAt: now + 60_000,
    version: 1,
    ...patch,
  };
}

/** The behaviour every CheckoutStore adapter must show. */
export const checkoutStoreConformance = defineConformanceSuite<CheckoutStore>('CheckoutStore', (test) => {
  test('creates once and reads back a copy at version 1', async ({ store, clock }) => {
    const checkout = sampleCheckout('c1', clock.now(), { version: 7, guestEmail: 'a@example.com' });
    assert.equal(await store.create(checkout), true);
    assert.equal(await store.create(sampleCheckout('c1', clock.now())), false);
    const got = await store.get('c1');
    assert.deepEqual(got, { ...checkout, version: 1 });
    assert.equal(await store.get('missing'), null);
  });

  test('a write at the read version wins and bumps the version; a stale one conflicts', async ({ store, clock }) => {
    await store.create(sampleCheckout('c1', clock.now()));
    const first = await store.update({ ...sampleCheckout('c1', clock.now()), guestEmail: 'x@example.com' }, 1);
    assert.equal(first.ok, true);
    assert.equal(first.ok && first.checkout.version, 2);
    const stale = await store.update({ ...sampleCheckout('c1', clock.now()), guestEmail: 'y@example.com' }, 1);
    assert.equal(stale.ok, false);
    assert.equal(!stale.ok && stale.reason, 'conflict');
    assert.equal(!stale.ok && stale.reason === 'conflict' && stale.current.guestEmail, 'x@example.com');
    assert.equal((await store.get('c1'))?.guestEmail, 'x@example.com');
  });

  test('of many concurrent writes from one version exactly one wins', async ({ store, clock }) => {
    await store.create(sampleCheckout('c1', clock.now()));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.update({ ...sampleCheckout('c1', clock.now()), guestEmail: `g${i}@example.com` }, 1)),
    );
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.equal((await store.get('c1'))?.version, 2);
  });

  test('updating a missing checkout answers not_found and creates nothing', async ({ store, clock }) => {
    const result = await store.update(sampleCheckout('nope', clock.now()), 1);
    assert.deepEqual(result, { ok: false, reason: 'not_found' });
    assert.equal(await store.get('nope'), null);
  });

  test('an expired checkout is gone for every member', async ({ store, clock }) => {
    await store.create(sampleCheckout('c1', clock.now(), { expiresAt: clock.now() + 1000 }));
    clock.advance(999);
    assert.notEqual(await store.get('c1'), null);
    clock.advance(1);
    assert.equal(await store.get('c1'), null);
    assert.deepEqual(await store.update(sampleCheckout('c1', clock.now()), 1), { ok: false, reason: 'not_found' });
    assert.equal(await store.create(sampleCheckout('c1', clock.now())), true);
  });

  test('an update can extend the expiry', async ({ store, clock }) => {
    await store.create(sampleCheckout('c1', clock.now(), { expiresAt: clock.now() + 1000 }));
    await store.update(sampleCheckout('c1', clock.now(), { expiresAt: clock.now() + 5000 }), 1);
    clock.advance(2000);
    assert.equal((await store.get('c1'))?.version, 2);
  });

  test('values are copied in and out', async ({ store, clock }) => {
    const checkout = sampleCheckout('c1', clock.now());
    await store.create(checkout);
    checkout.completedSteps.push('payment_info');
    const got = await store.get('c1');
    assert.deepEqual(got?.completedSteps, ['cart_review']);
    got?.completedSteps.push('order_review');
    assert.deepEqual((await store.get('c1'))?.completedSteps, ['cart_review']);
  });

  test('delete removes and answers whether it was there', async ({ store, clock }) => {
    await store.create(sampleCheckout('c1', clock.now()));
    assert.equal(await store.delete('c1'), true);
    assert.equal(await store.delete('c1'), false);
    assert.equal(await store.get('c1'), null);
  });

  test('a create, update or delete sent again with its opId answers its first answer and writes once', async ({ store, clock }) => {
    const created = await store.create(sampleCheckout('c1', clock.now()), { opId: 'op-create' });
    assert.equal(created, true);
    assert.equal(await store.create(sampleCheckout('c1', clock.now()), { opId: 'op-create' }), true);
    // Another input under a used opId is never applied (what it answers is not specified).
    await store.create(sampleCheckout('c1', clock.now(), { guestEmail: 'late@example.com' }), { opId: 'op-create' });
    assert.equal((await store.get('c1'))?.guestEmail, undefined);

    const first = await store.update(sampleCheckout('c1', clock.now(), { guestEmail: 'a@example.com' }), 1, { opId: 'op-update' });
    assert.equal(first.ok && first.checkout.version, 2);
    const other = await store.update(sampleCheckout('c1', clock.now(), { guestEmail: 'b@example.com' }), 2, { opId: 'op-other' });
    assert.equal(other.ok, true);
    // The first update again: its first answer, not a conflict, and nothing written.
    assert.deepEqual(await store.update(sampleCheckout('c1', clock.now(), { guestEmail: 'a@example.com' }), 1, { opId: 'op-update' }), first);
    assert.equal((await store.get('c1'))?.version, 3);
    assert.equal((await store.get('c1'))?.guestEmail, 'b@example.com');

    assert.equal(await store.delete('c1', { opId: 'op-delete' }), true);
    assert.equal(await store.delete('c1', { opId: 'op-delete' }), true);
    assert.equal(await store.delete('c1', { opId: 'op-delete-2' }), false);
  });

  test('a refused step is not remembered: sent again, it is decided again', async ({ store, clock }) => {
    assert.deepEqual(await store.update(sampleCheckout('c1', clock.now()), 1, { opId: 'op-early' }), { ok: false, reason: 'not_found' });
    await store.create(sampleCheckout('c1', clock.now()));
    const again = await store.update(sampleCheckout('c1', clock.now(), { guestEmail: 'a@example.com' }), 1, { opId: 'op-early' });
    assert.equal(again.ok, true);
    assert.equal((await store.get('c1'))?.guestEmail, 'a@example.com');
  });

  test('ids and values that are not well-formed Unicode are refused, and nothing is written', async ({ store, clock }) => {
    await store.create(sampleCheckout('c1', clock.now()));
    await assertRefusesIllFormed(() => store.create(sampleCheckout(LONE_SURROGATE, clock.now())));
    await assertRefusesIllFormed(() => store.create(sampleCheckout('c2', clock.now(), { guestEmail: LONE_SURROGATE })));
    await assertRefusesIllFormed(() => store.get(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.update(sampleCheckout('c1', clock.now(), { guestEmail: LONE_SURROGATE }), 1));
    await assertRefusesIllFormed(() => store.delete(LONE_SURROGATE));
    await assertRefusesIllFormed(() => store.update(sampleCheckout('c1', clock.now()), 1, { opId: LONE_SURROGATE }));
    assert.equal(await store.get('c2'), null);
    assert.equal((await store.get('c1'))?.version, 1);
  });
});
