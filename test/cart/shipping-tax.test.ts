import { describe, expect, it } from 'vitest';
import { TaxRateTable, type PricedCart } from '../../src/cart/index.js';
import { Money } from '../../src/shared/index.js';
import type { Promotion } from '../../src/ports/promotion-store.js';
import { item, setup, type TestItem } from './fixtures.js';

const gbp = (amount: string) => ({ amount, currency: 'GBP' });
const uk = { country: 'GB' };

function gbItem(productId: string, price: string, quantity = 1, over: Partial<TestItem> = {}): TestItem {
  return { ...item(productId, price, quantity, 'GBP'), ...over };
}

async function price(opts: {
  lines: TestItem[];
  shipping?: 'standard' | 'proportional' | 'none';
  delivery?: string;
  deliveryIncluded?: boolean;
  taxIncluded?: boolean;
  promotions?: Promotion[];
  destination?: { country: string; region?: string };
}): Promise<PricedCart> {
  const tax = new TaxRateTable({
    rates: [
      { country: 'GB', standard: '0.20', reduced: '0.05', zero: '0', shipping: opts.shipping ?? 'proportional' },
      { country: 'US', region: 'OR', standard: '0' },
      { country: 'US', standard: '0.0725', shipping: 'none' },
    ],
  });
  const option = { id: 'std', name: 'Standard delivery', price: Money.fromJSON(gbp(opts.delivery ?? '5.00')) };
  const shipping = { quote: () => Promise.resolve([{ ...option, ...(opts.deliveryIncluded !== undefined ? { taxIncluded: opts.deliveryIncluded } : {}) }]) };
  const ctx = setup({ tax, shipping, taxIncluded: opts.taxIncluded ?? false });
  for (const p of opts.promotions ?? []) await ctx.service.savePromotion(p);
  const { id } = await ctx.service.createCart({ sessionId: 's', currency: 'GBP' });
  for (const l of opts.lines) await ctx.add(id, l);
  return ctx.service.priceCart(id, { destination: opts.destination ?? uk });
}

const summary = (p: PricedCart) => p.taxSummary.map((e) => [e.rate, e.taxable.amount, e.tax.amount]);

describe('tax on shipping, per destination', () => {
  // HMRC VAT Notice 700/24 (postage and delivery charges): a delivery charged with the goods
  // is part of one supply of delivered goods and takes the goods' VAT liability. Standard-rated
  // goods: 50.00 + 20 % = 10.00; delivery 5.00 + 20 % = 1.00; charged 66.00.
  it('standard: the delivery of standard-rated goods carries 20 % VAT, shown on its own', async () => {
    const p = await price({ lines: [gbItem('kettle', '50.00')], shipping: 'standard' });
    expect([p.shipping?.price.amount, p.shipping?.taxIncluded]).toEqual(['5.00', false]);
    expect(p.shipping?.tax.amount).toBe('1.00');
    expect(p.shipping?.total.amount).toBe('6.00');
    expect(p.taxTotal.amount).toBe('11.00');
    expect(p.total.amount).toBe('66.00');
    expect(summary(p)).toEqual([['0.20', '55.00', '11.00']]);
  });

  // HMRC VAT Notice 700/24 and the VAT Valuation Manual (VATVAL13120): when the goods carry
  // different liabilities the delivery charge is apportioned between them; Notice 700 lets the
  // split follow the selling price. Worked case: food 30.00 (zero-rated) and a utensil 10.00
  // (standard) share a 4.00 delivery 3 : 1, so 3.00 is zero-rated and 1.00 carries 0.20 VAT.
  it('proportional: a mixed-rate delivery is split by the value of the goods at each rate', async () => {
    const p = await price({ lines: [gbItem('flour', '30.00', 1, { taxClass: 'zero' }), gbItem('whisk', '10.00')], delivery: '4.00' });
    expect(p.shipping?.tax.amount).toBe('0.20');
    expect(summary(p)).toEqual([
      ['0.20', '11.00', '2.20'],
      ['0', '33.00', '0.00'],
    ]);
    expect(p.total.amount).toBe('46.20');
  });

  // Worked case: three rates. Goods 20.00 at 20 %, 10.00 at 5 %, 10.00 at 0 % share a 5.00
  // delivery 2 : 1 : 1 = 2.50 / 1.25 / 1.25; VAT 0.50 + 0.0625 (0.06, half-even) + 0 = 0.56.
  it('proportional over three rates rounds each part on its own, like a line', async () => {
    const p = await price({
      lines: [gbItem('a', '20.00'), gbItem('b', '10.00', 1, { taxClass: 'reduced' }), gbItem('c', '10.00', 1, { taxClass: 'zero' })],
    });
    expect(p.shipping?.tax.amount).toBe('0.56');
    expect(summary(p)).toEqual([
      ['0.20', '22.50', '4.50'],
      ['0.05', '11.25', '0.56'],
      ['0', '11.25', '0.00'],
    ]);
  });

  // Most US states do not tax a separately stated delivery charge (e.g. the rule `none` here).
  it('none: shipping is not taxed', async () => {
    const p = await price({ lines: [gbItem('a', '20.00')], destination: { country: 'US' } });
    expect(p.shipping?.tax.amount).toBe('0.00');
    expect(p.taxTotal.amount).toBe('1.45');
    expect(p.total.amount).toBe('26.45');
  });

  // A price that includes VAT holds rate / (1 + rate) of itself: 1/6 at 20 % (HMRC's VAT
  // fraction). Ocado's published receipt example: an 8.00 bottle of wine holds 1.33 VAT.
  // Its delivery 5.49, VAT included, standard-rated goods only: 5.49 / 6 = 0.915 -> 0.92.
  it('a delivery price that includes VAT holds its tax', async () => {
    const p = await price({ lines: [gbItem('wine', '8.00', 1, { taxIncluded: true })], delivery: '5.49', deliveryIncluded: true });
    expect(p.lines[0]?.tax.amount).toBe('1.33');
    expect(p.shipping?.tax.amount).toBe('0.92');
    expect(p.shipping?.total.amount).toBe('5.49');
    expect(p.total.amount).toBe('13.49');
    expect(summary(p)).toEqual([['0.20', '11.24', '2.25']]);
  });

  // Worked case: promotions first, then tax on what is charged. 5.00 delivery, 2.00 off, then
  // 50 % of the 3.00 left = 1.50 charged; 20 % VAT on 1.50 = 0.30.
  it('shipping promotions: an amount and a percentage off, taxed after', async () => {
    const p = await price({
      lines: [gbItem('a', '10.00')],
      shipping: 'standard',
      promotions: [
        { id: 'amt', priority: 2, combinable: true, kind: 'shipping_amount', amount: gbp('2.00') },
        { id: 'pct', priority: 1, combinable: true, kind: 'shipping_percentage', percent: '50' },
      ],
    });
    expect(p.shipping?.listPrice.amount).toBe('5.00');
    expect(p.shipping?.discount.amount).toBe('3.50');
    expect(p.shipping?.price.amount).toBe('1.50');
    expect(p.shipping?.tax.amount).toBe('0.30');
    expect(p.appliedPromotions.map((a) => [a.id, a.amount.amount])).toEqual([['amt', '2.00'], ['pct', '1.50']]);
    expect(p.discountTotal.amount).toBe('0.00');
  });
});

describe('tax-inclusive per price', () => {
  // Worked case: a UK shelf price 12.00 including 20 % VAT holds 2.00 (12.00 x 1/6); a B2B
  // price 10.00 without VAT adds 2.00. Both 20 %: taxable 10.00 + 10.00, VAT 4.00; the 5.00
  // delivery is not taxed here and shows at rate 0; total 29.00.
  it('a cart mixes prices with and without tax; the per-rate summary adds up both ways', async () => {
    const p = await price({ lines: [gbItem('shelf', '12.00', 1, { taxIncluded: true }), gbItem('trade', '10.00', 1, { taxIncluded: false })], shipping: 'none' });
    expect(p.lines.map((l) => [l.taxIncluded, l.tax.amount, l.total.amount])).toEqual([
      [true, '2.00', '12.00'],
      [false, '2.00', '12.00'],
    ]);
    expect(summary(p)).toEqual([
      ['0.20', '20.00', '4.00'],
      ['0', '5.00', '0.00'],
    ]);
    expect(p.total.amount).toBe('29.00');
  });

  it('absent on a price, the service default decides', async () => {
    const p = await price({ lines: [gbItem('a', '12.00')], taxIncluded: true, shipping: 'none' });
    expect([p.lines[0]?.taxIncluded, p.lines[0]?.tax.amount]).toEqual([true, '2.00']);
  });
});
