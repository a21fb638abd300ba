import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShippingRateTable, TaxRateTable, type PricedCart } from '../../src/cart/index.js';
import { allocateMinor, divRound } from '../../src/cart/minor-units.js';
import type { Promotion } from '../../src/ports/promotion-store.js';
import { Dec, Money, minorUnitExponent, type RoundingMode } from '../../src/shared/index.js';
import { setup } from './fixtures.js';

const currencies = ['EUR', 'JPY', 'KWD'] as const;

function amountOf(minor: number, currency: string): string {
  return Money.fromMinor(minor, currency).amount;
}

const promotionArb = (currency: string) =>
  fc.oneof(
    fc.record({ kind: fc.constant('percentage' as const), percent: fc.integer({ min: 0, max: 1000 }).map((p) => (p / 10).toString()), target: fc.option(fc.record({ categories: fc.constant(['c1']) }), { nil: undefined }) }),
    fc.record({ kind: fc.constant('fixed_order' as const), amount: fc.integer({ min: 0, max: 50_000 }).map((m) => ({ amount: amountOf(m, currency), currency })) }),
    fc.record({ kind: fc.constant('fixed_item' as const), amount: fc.integer({ min: 0, max: 5_000 }).map((m) => ({ amount: amountOf(m, currency), currency })) }),
    fc.record({ kind: fc.constant('free_shipping' as const) }),
    fc.record({ kind: fc.constant('buy_x_get_y' as const), buyQuantity: fc.integer({ min: 1, max: 3 }), getQuantity: fc.integer({ min: 1, max: 2 }) }),
  );

const scenarioArb = fc.constantFrom(...currencies).chain((currency) =>
  fc.record({
    currency: fc.constant(currency),
    taxIncluded: fc.boolean(),
    rounding: fc.constantFrom<RoundingMode>('half-even', 'half-up', 'down', 'ceil'),
    lines: fc.array(
      fc.record({
        minor: fc.integer({ min: 0, max: 200_000 }),
        quantity: fc.integer({ min: 1, max: 30 }),
        taxClass: fc.constantFrom('standard' as const, 'reduced' as const, 'zero' as const),
        inCategory: fc.boolean(),
      }),
      { minLength: 0, maxLength: 12 },
    ),
    promotions: fc.array(fc.tuple(promotionArb(currency), fc.integer({ min: 0, max: 3 }), fc.boolean()), { maxLength: 4 }),
    rate: fc.integer({ min: 0, max: 3000 }).map((r) => (r / 10_000).toString()),
  }),
);

function checkParts(priced: PricedCart): void {
  const { currency } = priced;
  const sum = (xs: Money[]) => Money.sum(xs, currency);
  const all = [priced.subtotal, priced.discountTotal, priced.taxTotal, priced.total, ...priced.lines.flatMap((l) => [l.subtotal, l.discount, l.tax, l.total])];
  if (priced.shipping) all.push(priced.shipping.price, priced.shipping.listPrice);
  for (const m of all) {
    expect(m.currency).toBe(currency);
    expect(m.isNegative()).toBe(false);
    // Rounded to the currency's own minor unit: JPY 0 decimals, KWD 3.
    expect(m.toDecimal().decimalPlaces()).toBeLessThanOrEqual(minorUnitExponent(currency) as number);
  }
  expect(sum(priced.lines.map((l) => l.subtotal)).equals(priced.subtotal)).toBe(true);
  expect(sum(priced.lines.map((l) => l.discount)).equals(priced.discountTotal)).toBe(true);
  expect(sum(priced.lines.map((l) => l.tax)).equals(priced.taxTotal)).toBe(true);
  for (const l of priced.lines) {
    const expected = l.subtotal.subtract(l.discount).add(priced.taxIncluded ? Money.zero(currency) : l.tax);
    expect(l.total.equals(expected)).toBe(true);
    expect(l.discount.lessThanOrEqual(l.subtotal)).toBe(true);
  }
  const shipping = priced.shipping?.price ?? Money.zero(currency);
  const parts = priced.subtotal.subtract(priced.discountTotal).add(shipping).add(priced.taxIncluded ? Money.zero(currency) : priced.taxTotal);
  expect(priced.total.equals(parts)).toBe(true);
  expect(sum(priced.lines.map((l) => l.total)).add(shipping).equals(priced.total)).toBe(true);
  const merchandise = priced.appliedPromotions.filter((p) => p.kind !== 'free_shipping').map((p) => p.amount);
  expect(sum(merchandise).equals(priced.discountTotal)).toBe(true);
}

describe('pricing properties', () => {
  it('for random carts and promotions the total is the sum of its parts, nothing is negative, each currency rounds to its own minor unit', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (sc) => {
        const shipping = new ShippingRateTable([
          { kind: 'free_over', id: 'std', name: 'Standard', price: { amount: amountOf(499, sc.currency), currency: sc.currency }, threshold: { amount: amountOf(100_000, sc.currency), currency: sc.currency } },
        ]);
        const tax = new TaxRateTable({ rates: [{ country: 'XX', standard: sc.rate, reduced: '0.07' }] });
        const ctx = setup({ tax, shipping, taxIncluded: sc.taxIncluded, rounding: sc.rounding });
        const promos: Promotion[] = sc.promotions.map(([p, priority, combinable], i) => ({ ...p, id: `p${i}`, priority, combinable }) as Promotion);
        for (const p of promos) await ctx.promotions.save(p);
        const { id } = await ctx.service.createCart({ sessionId: 's', currency: sc.currency });
        for (const [i, l] of sc.lines.entries()) {
          await ctx.add(id, {
            productId: `p${i}`,
            sku: `s${i}`,
            name: 'n',
            quantity: l.quantity,
            unitPrice: { amount: amountOf(l.minor, sc.currency), currency: sc.currency },
            taxClass: l.taxClass,
            categories: l.inCategory ? ['c1'] : [],
          });
        }
        const priced = await ctx.service.priceCart(id, { destination: { country: 'XX' } });
        checkParts(priced);
        const exclusive = promos.some((p) => !p.combinable);
        if (exclusive) expect(priced.appliedPromotions.length).toBeLessThanOrEqual(Math.max(1, promos.length));
        if (priced.appliedPromotions.some((a) => !promos.find((p) => p.id === a.id)?.combinable)) {
          expect(priced.appliedPromotions).toHaveLength(1);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('divRound agrees with decimal.js rounding for every mode', () => {
    const modes: [RoundingMode, number][] = [
      ['half-even', Dec.ROUND_HALF_EVEN],
      ['half-up', Dec.ROUND_HALF_UP],
      ['half-down', Dec.ROUND_HALF_DOWN],
      ['up', Dec.ROUND_UP],
      ['down', Dec.ROUND_DOWN],
      ['floor', Dec.ROUND_FLOOR],
      ['ceil', Dec.ROUND_CEIL],
    ];
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
        for (const [mode, dec] of modes) {
          const expected = new Dec(n.toString()).div(d.toString()).toDecimalPlaces(0, dec as never).toFixed();
          expect(divRound(n, d, mode).toString()).toBe(expected);
        }
      }),
    );
  });

  it('allocateMinor splits exactly and agrees with Money.allocate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 20 }), (whole, weights) => {
        const parts = allocateMinor(BigInt(whole), weights.map(BigInt));
        if (weights.every((w) => w === 0)) {
          expect(parts.every((p) => p === 0n)).toBe(true);
          return;
        }
        expect(parts.reduce((a, p) => a + p, 0n)).toBe(BigInt(whole));
        expect(parts.every((p) => p >= 0n)).toBe(true);
        const reference = Money.fromMinor(whole, 'USD').allocate(weights).map((m) => BigInt(m.toMinorUnits()));
        expect(parts).toEqual(reference);
      }),
    );
  });
});
