import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeCheckoutHarness } from './fixtures.js';

describe('checkouts racing for the same stock', () => {
  it('never oversell, charge only placed orders, and leave nothing held', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.record({ qty: fc.integer({ min: 1, max: 3 }), token: fc.constantFrom('tok_ok', 'tok_ok', 'tok_declined', 'tok_fraud') }), { minLength: 1, maxLength: 6 }),
        async (stock, shoppers) => {
          const h = makeCheckoutHarness({ stock });
          const ready: { qty: number; token: string; checkoutId: string }[] = [];
          for (const s of shoppers) {
            if (s.qty > stock) continue;
            ready.push({ ...s, checkoutId: (await h.readyCheckout({ lines: { 'SKU-A': s.qty }, token: s.token })).checkoutId });
          }
          const settled = await Promise.allSettled(ready.map((r) => h.checkout.completeOrder({ checkoutId: r.checkoutId })));
          const placed = settled.flatMap((s, i) => (s.status === 'fulfilled' ? [ready[i]] : []));
          const sold = placed.reduce((n, r) => n + (r?.qty ?? 0), 0);
          expect(h.inventory.onHand.get('SKU-A')).toBe(stock - sold);
          expect(sold).toBeLessThanOrEqual(stock);
          expect(placed.every((r) => r?.token === 'tok_ok')).toBe(true);
          expect([...h.payments.charges.values()].filter((c) => c.status === 'captured')).toHaveLength(placed.length);
          expect(h.leftovers()).toEqual({ reservations: 0, couponHolds: 0, authorizations: 0 });
          for (const s of settled) if (s.status === 'rejected') expect(s.reason).toMatchObject({ code: 'CHECKOUT_FAILED' });
        },
      ),
      { numRuns: 40 },
    );
  });
});
