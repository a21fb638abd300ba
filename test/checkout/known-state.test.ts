// mutateCheckout / mutateOrder given a state the caller already holds: the first attempt
// skips its read, a stale copy costs a re-read (never a lost update), and a "nothing to do"
// answer is only ever given on a fresh read.
import { describe, expect, it } from 'vitest';
import { mutateCheckout, type CheckoutContext } from '../../src/checkout/checkout-context.js';
import { makeCheckoutHarness } from './fixtures.js';

async function setup() {
  const h = makeCheckoutHarness();
  const { checkoutId } = await h.readyCheckout();
  let reads = 0;
  const store = h.checkoutStore;
  const counted = { ...store, get: (id: string) => (reads++, store.get(id)), update: store.update.bind(store), create: store.create.bind(store), delete: store.delete.bind(store) };
  const ctx = { store: counted, clock: h.clock, settings: { checkoutTtlMs: 3_600_000 } } as unknown as CheckoutContext;
  const known = await store.get(checkoutId);
  if (!known) throw new Error('no checkout');
  return { h, ctx, checkoutId, known, reads: () => reads };
}

describe('mutateCheckout from a known state', () => {
  it('writes without reading when the copy is current', async () => {
    const { ctx, checkoutId, known, reads } = await setup();
    const written = await mutateCheckout(ctx, checkoutId, (s) => ({ ...s, guestEmail: 'a@example.com' }), known);
    expect(reads()).toBe(0);
    expect(written).toMatchObject({ guestEmail: 'a@example.com', version: known.version + 1 });
  });

  it('re-reads a stale copy and applies the change to what is stored: nothing lost', async () => {
    const { h, ctx, checkoutId, known, reads } = await setup();
    await h.checkout.updateShippingInfo({ checkoutId, shippingAddress: { firstName: 'B', lastName: 'C', line1: '2 Side St', city: 'Toronto', region: 'ON', postalCode: 'M5V 2T6', country: 'CA' } });
    const written = await mutateCheckout(ctx, checkoutId, (s) => ({ ...s, guestEmail: 'a@example.com' }), known);
    expect(reads()).toBe(1);
    expect(written).toMatchObject({ guestEmail: 'a@example.com', shippingAddress: { country: 'CA' }, version: known.version + 2 });
  });

  it('asks a "nothing to do" answer again on a fresh read', async () => {
    const { h, ctx, checkoutId, known, reads } = await setup();
    await h.checkout.updateGuestInfo({ checkoutId, email: 'new@example.com' });
    const seen: (string | undefined)[] = [];
    const answer = await mutateCheckout(ctx, checkoutId, (s) => (seen.push(s.guestEmail), null), known);
    expect(reads()).toBe(1);
    expect(seen).toEqual([known.guestEmail, 'new@example.com']);
    expect(answer.guestEmail).toBe('new@example.com');
  });
});
