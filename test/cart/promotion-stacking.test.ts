import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPromotions } from '../../src/cart/cart-pricing.js';
import { selectPromotions } from '../../src/cart/promotion-conditions.js';
import type { DiscountLine } from '../../src/cart/promotion-units.js';
import type { Promotion, PromotionTarget } from '../../src/ports/promotion-store.js';
import { item, setup } from './fixtures.js';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const base = { priority: 0, combinable: true } as const;

async function priced(promos: Promotion[], lines: ReturnType<typeof item>[]) {
  const ctx = setup();
  for (const p of promos) await ctx.service.savePromotion(p);
  const { id } = await ctx.service.createCart({ sessionId: 's', currency: 'EUR' });
  for (const l of lines) await ctx.add(id, l);
  return ctx.service.priceCart(id);
}

describe('stacked promotions consume units (issue 24 defect)', () => {
  // Worked case: 6 mugs at 10.00 and two "buy 2 get 1" promotions. The first makes the two
  // cheapest units free and spends four as bought; no unit is left for the second, so the
  // customer gets 2 free (20.00), not 4 (40.00) as when each promotion counted all 6 units.
  it('two buy-2-get-1 on one line give the units away once', async () => {
    const bxgy = { ...base, kind: 'buy_x_get_y', buyQuantity: 2, getQuantity: 1 } as const;
    const cart = await priced([{ ...bxgy, id: 'a' }, { ...bxgy, id: 'b' }], [item('mug', '10.00', 6)]);
    expect(cart.discountTotal.amount).toBe('20.00');
    expect(cart.appliedPromotions.map((p) => [p.id, p.amount.amount])).toEqual([['a', '20.00'], ['b', '0.00']]);
  });

  // Worked case: 3 units at 10.00, 10 % off first (priority 1): 3.00 off, the units are now
  // worth 9.00 each; buy 2 get 1 then makes one free at its discounted 9.00 (not 10.00).
  // Charged: 30.00 - 3.00 - 9.00 = 18.00.
  it('a percentage then a buy-X-get-Y: the free unit is valued at its discounted price', async () => {
    const cart = await priced(
      [
        { ...base, id: 'pct', priority: 1, kind: 'percentage', percent: '10' },
        { ...base, id: 'bxgy', kind: 'buy_x_get_y', buyQuantity: 2, getQuantity: 1 },
      ],
      [item('mug', '10.00', 3)],
    );
    expect(cart.appliedPromotions.map((p) => p.amount.amount)).toEqual(['3.00', '9.00']);
    expect(cart.total.amount).toBe('18.00');
  });

  // Worked case: the same two the other way round: one unit free (10.00), then 10 % off the
  // 20.00 left (2.00). The free unit is consumed: the 10 % never reaches it.
  it('a buy-X-get-Y then a percentage: the percentage sees only what is left', async () => {
    const cart = await priced(
      [
        { ...base, id: 'pct', kind: 'percentage', percent: '10' },
        { ...base, id: 'bxgy', priority: 1, kind: 'buy_x_get_y', buyQuantity: 2, getQuantity: 1 },
      ],
      [item('mug', '10.00', 3)],
    );
    expect(cart.appliedPromotions.map((p) => [p.id, p.amount.amount])).toEqual([['bxgy', '10.00'], ['pct', '2.00']]);
  });
});

const targets: (PromotionTarget | undefined)[] = [undefined, { categories: ['c1'] }, { categories: ['c2'] }, { productIds: ['l0', 'l1'] }];
const targetArb = fc.constantFrom(...targets);
const capArb = fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined });
const money = (minor: number) => eur((minor / 100).toFixed(2));

const promotionArb: fc.Arbitrary<Omit<Promotion, 'id' | 'priority' | 'combinable'>> = fc.oneof(
  fc.record({ kind: fc.constant('percentage' as const), percent: fc.integer({ min: 0, max: 100 }).map(String), target: targetArb, maxQuantity: capArb }),
  fc.record({ kind: fc.constant('fixed_order' as const), amount: fc.integer({ min: 0, max: 20_000 }).map(money), target: targetArb }),
  fc.record({ kind: fc.constant('fixed_item' as const), amount: fc.integer({ min: 0, max: 3_000 }).map(money), target: targetArb, maxQuantity: capArb }),
  fc.record({ kind: fc.constant('fixed_line' as const), amount: fc.integer({ min: 0, max: 5_000 }).map(money), target: targetArb }),
  fc.record({
    kind: fc.constant('buy_x_get_y' as const),
    buyQuantity: fc.integer({ min: 1, max: 3 }),
    getQuantity: fc.integer({ min: 1, max: 3 }),
    target: targetArb,
    buyTarget: targetArb,
    getTarget: targetArb,
    maxQuantity: capArb,
    reward: fc.option(
      fc.oneof(
        fc.constant({ kind: 'free' as const }),
        fc.record({ kind: fc.constant('percentage' as const), percent: fc.integer({ min: 0, max: 100 }).map(String) }),
        fc.record({ kind: fc.constant('fixed' as const), amount: fc.integer({ min: 0, max: 3_000 }).map(money) }),
      ),
      { nil: undefined },
    ),
  }),
);

const linesArb = fc.array(
  fc.record({ unitMinor: fc.integer({ min: 0, max: 10_000 }).map(BigInt), quantity: fc.integer({ min: 1, max: 12 }), cat: fc.constantFrom([], ['c1'], ['c2'], ['c1', 'c2']) }),
  { minLength: 1, maxLength: 6 },
);

function run(lines: DiscountLine[], promotions: Promotion[]) {
  const { selected } = selectPromotions([], promotions.map((promotion) => ({ promotion })));
  return applyPromotions(lines, selected, 2, 'half-even');
}

describe('stacked promotions: properties', () => {
  it('for any promotions in any order of equal priority, no unit goes below zero, none is given twice, and the order does not matter', () => {
    fc.assert(
      fc.property(
        linesArb,
        fc.array(fc.tuple(promotionArb, fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 5 }),
        fc.func(fc.integer()),
        (raw, promos, shuffleKey) => {
          const lines: DiscountLine[] = raw.map((l, i) => ({ productId: `l${i}`, categories: l.cat, quantity: l.quantity, unitMinor: l.unitMinor }));
          const promotions = promos.map(([p, priority], i) => ({ ...p, id: `p${i}`, priority, combinable: true }) as Promotion);
          const result = run(lines, promotions);
          lines.forEach((line, i) => {
            const gross = line.unitMinor * BigInt(line.quantity);
            const d = result.discounts[i] as bigint;
            expect(d >= 0n && d <= gross).toBe(true);
            // Each consumed unit was discounted by one promotion; each spent unit bought one reward.
            expect(result.state.consumed[i]).toBeLessThanOrEqual(line.quantity);
            expect(result.state.spent[i]).toBeLessThanOrEqual(line.quantity);
            const consumedValue = result.state.consumedValue[i] as bigint;
            const remaining = result.state.remaining[i] as bigint;
            expect(consumedValue >= 0n && remaining >= consumedValue).toBe(true);
            expect(remaining).toBe(gross - d);
          });
          expect(result.perPromotion.reduce((a, b) => a + b, 0n)).toBe(result.discounts.reduce((a, b) => a + b, 0n));
          const shuffled = [...promotions].sort((a, b) => shuffleKey(a.id) - shuffleKey(b.id));
          expect(run(lines, shuffled).discounts).toEqual(result.discounts);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('free units of buy-X-get-Y promotions never outnumber the units of the line', () => {
    fc.assert(
      fc.property(linesArb, fc.array(fc.record({ buy: fc.integer({ min: 1, max: 3 }), get: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 5 }), (raw, deals) => {
        // Every unit worth 1.00: each free unit takes exactly 100 off, so the discount counts free units.
        const lines: DiscountLine[] = raw.map((l, i) => ({ productId: `l${i}`, categories: l.cat, quantity: l.quantity, unitMinor: 100n }));
        const promotions = deals.map((d, i) => ({ id: `b${i}`, priority: 0, combinable: true, kind: 'buy_x_get_y' as const, buyQuantity: d.buy, getQuantity: d.get }));
        const result = run(lines, promotions);
        const freeUnits = result.discounts.reduce((a, b) => a + b, 0n) / 100n;
        const units = lines.reduce((a, l) => a + l.quantity, 0);
        // Each free unit needs at least one bought unit beside it.
        expect(Number(freeUnits)).toBeLessThanOrEqual(units - Math.ceil(Number(freeUnits) / Math.max(...deals.map((d) => d.get))));
        lines.forEach((line, i) => expect((result.discounts[i] as bigint) % 100n).toBe(0n));
      }),
    );
  });
});
