// mergeCarts on login while the guest cart is still being written (another tab, a slow
// request): the source is deleted only at the version that was merged, so a line added
// between the merge and the delete is merged too, never lost, never counted twice.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryCartStore } from '../../src/adapters/memory/cart-store.js';
import type { CartService } from '../../src/cart/index.js';
import type { CartStore } from '../../src/ports/cart-store.js';
import { item, setup } from './fixtures.js';

/** A store whose `delete` first lets `before(n)` run (n = how many deletes came before). */
function interleaving(before: (n: number) => Promise<void>): { store: CartStore; deletes: () => number } {
  const inner = new MemoryCartStore();
  let deletes = 0;
  const store: CartStore = Object.assign(Object.create(inner) as CartStore, {
    delete: async (op: Parameters<CartStore['delete']>[0]) => {
      await before(deletes++);
      return inner.delete(op);
    },
  });
  return { store, deletes: () => deletes };
}

const quantities = async (service: CartService, cartId: string) =>
  Object.fromEntries((await service.getCart(cartId))?.lines.map((l) => [l.productId, l.quantity]) ?? []);

describe('CartService: merge while the guest cart is written', () => {
  it('keeps a line added to the guest cart between the merge and the delete (sum, no double count)', async () => {
    let guestId = '';
    const { store, deletes } = interleaving(async (n) => {
      if (n === 0) {
        await add(guestId, item('p9', '3.00', 1));
        await add(guestId, item('p1', '5.00', 1));
      }
    });
    const { service, named, add } = setup({ store });
    const target = await service.createCart({ sessionId: 't', userId: 'u1', currency: 'EUR' });
    const guest = await service.createCart({ sessionId: 'g', currency: 'EUR' });
    guestId = guest.id;
    await add(target.id, item('p1', '5.00', 2));
    await add(guest.id, item('p1', '5.00', 3));

    const merged = await service.mergeCarts(target.id, guest.id);
    expect(await quantities(service, target.id)).toEqual({ p1: 6, p9: 1 });
    expect(merged.itemCount).toBe(7);
    expect(await service.getCart(guest.id)).toBeNull();
    expect(deletes()).toBe(2);
    expect(named('cart.merged')).toHaveLength(1);
    expect(named('cart.deleted').map((e) => e.cartId)).toEqual([guest.id]);
  });

  it('stops without an error when the guest cart is deleted by someone else meanwhile', async () => {
    let guestId = '';
    const { store } = interleaving(async (n) => {
      if (n === 0) {
        await add(guestId, item('p2', '1.00', 1));
        await service.deleteCart(guestId);
      }
    });
    const { service, named, add } = setup({ store });
    const target = await service.createCart({ sessionId: 't', currency: 'EUR' });
    const guest = await service.createCart({ sessionId: 'g', currency: 'EUR' });
    guestId = guest.id;
    await add(guest.id, item('p1', '5.00', 2));
    await service.mergeCarts(target.id, guest.id);
    expect(await quantities(service, target.id)).toEqual({ p1: 2 });
    expect(named('cart.merged')).toHaveLength(1);
  });

  it('with max, reports each line left out once even when it merges twice', async () => {
    let guestId = '';
    const { store, deletes } = interleaving(async (n) => {
      if (n === 0) await service.updateQuantity(guestId, 'p1', 'p1-sku', 5);
    });
    const { service, named, add } = setup({ store, maxLines: 2 });
    const target = await service.createCart({ sessionId: 't', currency: 'EUR' });
    const guest = await service.createCart({ sessionId: 'g', currency: 'EUR' });
    guestId = guest.id;
    await add(target.id, item('p1', '1.00', 1));
    await add(target.id, item('p9', '1.00', 1));
    await add(guest.id, item('p1', '1.00', 4));
    await add(guest.id, item('p2', '1.00', 2));
    await service.mergeCarts(target.id, guest.id, { strategy: 'max' });
    expect(deletes()).toBe(2);
    expect(await quantities(service, target.id)).toEqual({ p1: 5, p9: 1 });
    // p2 does not fit the full target in either pass: reported once, not once per pass.
    expect(named('cart.merged')[0]?.dropped).toEqual([{ productId: 'p2', sku: 'p2-sku', quantity: 2 }]);
  });

  it('property: with sum, the target ends with its own units plus every unit ever added to the guest cart', async () => {
    const lines = fc.array(fc.record({ p: fc.integer({ min: 0, max: 4 }), q: fc.integer({ min: 1, max: 5 }) }), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(lines, lines, fc.array(lines, { maxLength: 3 }), async (targetLines, guestLines, lateRounds) => {
        let guestId = '';
            const added: { p: number; q: number }[] = [];
        const { store } = interleaving(async (n) => {
          const round = lateRounds[n];
          if (!round) return;
          for (const l of round) await add(guestId, item(`p${l.p}`, '1.00', l.q));
          added.push(...round);
        });
        const { service, add } = setup({ store, retry: { sleep: () => Promise.resolve() } });
            const target = await service.createCart({ sessionId: 't', currency: 'EUR' });
        const guest = await service.createCart({ sessionId: 'g', currency: 'EUR' });
        guestId = guest.id;
        for (const l of targetLines) await add(target.id, item(`p${l.p}`, '1.00', l.q));
        for (const l of guestLines) await add(guest.id, item(`p${l.p}`, '1.00', l.q));
        await service.mergeCarts(target.id, guest.id);
        const expected: Record<string, number> = {};
        for (const l of [...targetLines, ...guestLines, ...added]) expected[`p${l.p}`] = (expected[`p${l.p}`] ?? 0) + l.q;
        expect(await quantities(service, target.id)).toEqual(expected);
        expect(await service.getCart(guest.id)).toBeNull();
      }),
      { numRuns: 60 },
    );
  });
});
