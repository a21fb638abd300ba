import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShippingRateTable, TaxRateTable, type PricedCart } from '../../src/cart/index.js';
import { allocateMinor, divRound } from '../../src/cart/minor-units.js';
import type { Promotion } from '../../src/ports/promotion-store.js';
import { Dec, Money, minorUnitExponent, type RoundingMode } from '../../src/shared/index.js';
import { moneyFromMinor } from '../../src/shared/money-cache.js';
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
    fc.record({
      kind: fc.constant('buy_x_get_y' as const),
      buyQuantity: fc.integer({ min: 1, max: 3 }),
      getQuantity: fc.integer({ min: 1, max: 2 }),
      getTarget: fc.constant({ categories: ['c1'] }),
      maxQuantity: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      reward: fc.constantFrom({ kind: 'free' as const }, { kind: 'percentage' as const, percent: '50' }),
    }),
    fc.record({ kind: fc.constant('percentage' as const), percent: fc.constant('30'), maxQuantity: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ kind: fc.constant('fixed_line' as const), amount: fc.integer({ min: 0, max: 5_000 }).map((m) => ({ amount: amountOf(m, currency), currency })) }),
    fc.record({ kind: fc.constant('fixed_order' as const), amount: fc.integer({ min: 0, max: 50_000 }).map((m) => ({ amount: amountOf(m, currency), currency })), target: fc.constant({ categories: ['c1'] }) }),
    fc.record({ kind: fc.constant('shipping_amount' as const), amount: fc.integer({ min: 0, max: 800 }).map((m) => ({ amount: amountOf(m, currency), currency })) }),
    fc.record({ kind: fc.constant('shipping_percentage' as const), percent: fc.integer({ min: 0, max: 100 }).map(String) }),
    fc.record({
      kind: fc.constant('percentage' as const),
      percent: fc.constant('10'),
      minSubtotal: fc.integer({ min: 0, max: 300_000 }).map((m) => ({ amount: amountOf(m, currency), currency })),
      minSubtotalBasis: fc.constant('after_discounts' as const),
    }),
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
        taxIncluded: fc.option(fc.boolean(), { nil: undefined }),
      }),
      { minLength: 0, maxLength: 12 },
    ),
    promotions: fc.array(fc.tuple(promotionArb(currency), fc.integer({ min: 0, max: 3 }), fc.boolean()), { maxLength: 4 }),
    rate: fc.integer({ min: 0, max: 3000 }).map((r) => (r / 10_000).toString()),
    shippingTax: fc.constantFrom('standard' as const, 'proportional' as const, 'none' as const),
    shippingIncluded: fc.option(fc.boolean(), { nil: undefined }),
  }),
);

function checkParts(priced: PricedCart): void {
  const { currency } = priced;
  const zero = Money.zero(currency);
  const sum = (xs: Money[]) => Money.sum(xs, currency);
  const all = [priced.subtotal, priced.discountTotal, priced.taxTotal, priced.total, ...priced.lines.flatMap((l) => [l.subtotal, l.discount, l.tax, l.total])];
  if (priced.shipping) all.push(priced.shipping.price, priced.shipping.listPrice, priced.shipping.discount, priced.shipping.tax, priced.shipping.total);
  for (const e of priced.taxSummary) all.push(e.taxable, e.tax);
  for (const m of all) {
    expect(m.currency).toBe(currency);
    expect(m.isNegative()).toBe(false);
    // Rounded to the currency's own minor unit: JPY 0 decimals, KWD 3.
    expect(m.toDecimal().decimalPlaces()).toBeLessThanOrEqual(minorUnitExponent(currency) as number);
  }
  const shipping = priced.shipping;
  const shippingTax = shipping?.tax ?? zero;
  expect(sum(priced.lines.map((l) => l.subtotal)).equals(priced.subtotal)).toBe(true);
  expect(sum(priced.lines.map((l) => l.discount)).equals(priced.discountTotal)).toBe(true);
  expect(sum(priced.lines.map((l) => l.tax)).add(shippingTax).equals(priced.taxTotal)).toBe(true);
  for (const l of priced.lines) {
    const expected = l.subtotal.subtract(l.discount).add(l.taxIncluded ? zero : l.tax);
    expect(l.total.equals(expected)).toBe(true);
    expect(l.discount.lessThanOrEqual(l.subtotal)).toBe(true);
  }
  if (shipping) {
    expect(shipping.listPrice.subtract(shipping.discount).equals(shipping.price)).toBe(true);
    expect(shipping.total.equals(shipping.price.add(shipping.taxIncluded ? zero : shipping.tax))).toBe(true);
  }
  const exclusiveTax = sum(priced.lines.filter((l) => !l.taxIncluded).map((l) => l.tax)).add(shipping && !shipping.taxIncluded ? shipping.tax : zero);
  const parts = priced.subtotal.subtract(priced.discountTotal).add(shipping?.price ?? zero).add(exclusiveTax);
  expect(priced.total.equals(parts)).toBe(true);
  expect(sum(priced.lines.map((l) => l.total)).add(shipping?.total ?? zero).equals(priced.total)).toBe(true);
  // The per-rate summary, both ways: its tax is the tax total, its taxable amounts and tax the total.
  expect(sum(priced.taxSummary.map((e) => e.tax)).equals(priced.taxTotal)).toBe(true);
  expect(sum(priced.taxSummary.flatMap((e) => [e.taxable, e.tax])).equals(priced.total)).toBe(true);
  const shippingKinds = new Set(['free_shipping', 'shipping_amount', 'shipping_percentage']);
  const merchandise = priced.appliedPromotions.filter((p) => !shippingKinds.has(p.kind)).map((p) => p.amount);
  expect(sum(merchandise).equals(priced.discountTotal)).toBe(true);
  const onShipping = priced.appliedPromotions.filter((p) => shippingKinds.has(p.kind)).map((p) => p.amount);
  expect(sum(onShipping).equals(shipping?.discount ?? zero)).toBe(true);
}

describe('pricing properties', () => {
  it('for random carts and promotions the total is the sum of its parts, nothing is negative, each currency rounds to its own minor unit', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (sc) => {
        const shipping = new ShippingRateTable([
          { kind: 'free_over', id: 'std', name: 'Standard', price: { amount: amountOf(499, sc.currency), currency: sc.currency }, threshold: { amount: amountOf(100_000, sc.currency), currency: sc.currency }, ...(sc.shippingIncluded !== undefined ? { taxIncluded: sc.shippingIncluded } : {}) },
        ]);
        const tax = new TaxRateTable({ rates: [{ country: 'XX', standard: sc.rate, reduced: '0.07', shipping: sc.shippingTax }] });
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
            ...(l.taxIncluded !== undefined ? { taxIncluded: l.taxIncluded } : {}),
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
      { numRuns: 200 },
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

  it('moneyFromMinor answers the amount itself on both sides of the safe-integer boundary', () => {
    // The cache keys amounts that fit a number by the number and larger ones by the bigint.
    const safe = BigInt(Number.MAX_SAFE_INTEGER);
    const near = fc.bigInt({ min: -3n, max: 3n }).chain((d) => fc.constantFrom(safe + d, -safe - d));
    fc.assert(
      fc.property(fc.oneof(near, fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n })), fc.constantFrom(...currencies), (minor, currency) => {
        const exponent = minorUnitExponent(currency) ?? 2;
        const expected = new Dec(minor.toString()).div(new Dec(10).pow(exponent)).toFixed(exponent);
        // Twice: the second answer comes from the cache.
        expect(moneyFromMinor(minor, currency, exponent).amount).toBe(expected);
        expect(moneyFromMinor(minor, currency, exponent).amount).toBe(expected);
      }),
    );
  });
});
