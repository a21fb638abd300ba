import { describe, expect, it } from 'vitest';
import { ShippingRateTable, TaxRateTable } from '../../src/cart/index.js';
import { expectCode, item, setup } from './fixtures.js';

const tax = new TaxRateTable({
  rates: [
    { country: 'DE', standard: '0.19', reduced: '0.07' },
    { country: 'US', standard: '0' },
    { country: 'US', region: 'CA', standard: '0.0725' },
  ],
});

const shipping = new ShippingRateTable([
  { kind: 'free_over', id: 'standard', name: 'Standard', price: { amount: '4.90', currency: 'EUR' }, threshold: { amount: '150.00', currency: 'EUR' } },
  { kind: 'flat', id: 'express', name: 'Express', price: { amount: '9.90', currency: 'EUR' } },
  { kind: 'flat', id: 'us-ground', name: 'Ground', price: { amount: '5.00', currency: 'USD' } },
  {
    kind: 'weight_tiers',
    id: 'freight',
    name: 'Freight',
    tiers: [
      { upToGrams: 1000, price: { amount: '3.00', currency: 'EUR' } },
      { upToGrams: 5000, price: { amount: '8.00', currency: 'EUR' } },
    ],
    countries: ['DE'],
  },
]);

describe('pricing: the hand-checked tax-inclusive EU example', () => {
  it('prices a German cart with a 10 % coupon exactly', async () => {
    const { service, promotions, add } = setup({ tax, shipping, taxIncluded: true });
    await promotions.save({ id: 'ten', code: 'TEN', kind: 'percentage', percent: '10', priority: 0, combinable: true });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await add(id, { ...item('jacket', '119.00'), weightGrams: 1200 });
    await add(id, { ...item('book', '21.40', 2), taxClass: 'reduced', weightGrams: 400 });
    await service.applyCoupon(id, 'ten');
    const priced = await service.priceCart(id, { destination: { country: 'DE' } });
    // By hand: subtotal 119.00 + 2 x 21.40 = 161.80; 10 % = 16.18, split 119.00 : 42.80
    // -> 11.90 and 4.28 (exact shares). Lines after discount: 107.10 and 38.52 (gross).
    // Tax inside: 107.10 x 19/119 = 17.10 (net 90.00); 38.52 x 7/107 = 2.52 (net 36.00).
    // Shipping: 145.62 is under the 150 free threshold, Standard 4.90 is the cheapest;
    // Freight (weight 2000 g, tier 2) costs 8.00. Total 145.62 + 4.90 = 150.52.
    expect(priced.lines.map((l) => [l.subtotal.amount, l.discount.amount, l.tax.amount, l.total.amount])).toEqual([
      ['119.00', '11.90', '17.10', '107.10'],
      ['42.80', '4.28', '2.52', '38.52'],
    ]);
    expect(priced.subtotal.amount).toBe('161.80');
    expect(priced.discountTotal.amount).toBe('16.18');
    expect(priced.taxTotal.amount).toBe('19.62');
    expect(priced.shipping).toMatchObject({ optionId: 'standard', name: 'Standard' });
    expect(priced.shipping?.price.amount).toBe('4.90');
    expect(priced.shippingOptions.map((o) => [o.id, o.price.amount])).toEqual([['standard', '4.90'], ['express', '9.90'], ['freight', '8.00']]);
    expect(priced.total.amount).toBe('150.52');
    expect(priced.appliedPromotions).toEqual([{ id: 'ten', code: 'TEN', kind: 'percentage', amount: priced.discountTotal }]);
    expect(priced.itemCount).toBe(3);
    expect(priced.taxIncluded).toBe(true);
  });
});

describe('pricing: tax', () => {
  it('adds tax per line on top of tax-exclusive prices, by region when the table has one', async () => {
    const { service, add } = setup({ tax });
    const { id } = await service.createCart({ sessionId: 's', currency: 'USD' });
    await add(id, item('a', '10.00', 3, 'USD'));
    await add(id, item('b', '0.99', 1, 'USD'));
    const ca = await service.priceCart(id, { destination: { country: 'US', region: 'ca' } });
    // 30.00 x 0.0725 = 2.175 -> 2.18 (half-even: 2.175 is a tie, 7 is odd -> up); 0.99 x 0.0725 = 0.0717... -> 0.07
    expect(ca.lines.map((l) => l.tax.amount)).toEqual(['2.18', '0.07']);
    expect(ca.taxTotal.amount).toBe('2.25');
    expect(ca.total.amount).toBe('33.24');
    const ny = await service.priceCart(id, { destination: { country: 'US', region: 'NY' } });
    expect(ny.taxTotal.isZero()).toBe(true);
    const nowhere = await service.priceCart(id);
    expect(nowhere.total.amount).toBe('30.99');
  });

  it('rounds ties by the configured mode', async () => {
    const { service, add } = setup({ tax, rounding: 'half-down' });
    const { id } = await service.createCart({ sessionId: 's', currency: 'USD' });
    await add(id, item('a', '10.00', 3, 'USD'));
    expect((await service.priceCart(id, { destination: { country: 'US', region: 'CA' } })).taxTotal.amount).toBe('2.17');
  });

  it('applies the zero and reduced classes', async () => {
    const { service, add } = setup({ tax });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await add(id, { ...item('food', '10.00'), taxClass: 'reduced' });
    await add(id, { ...item('paper', '10.00'), taxClass: 'zero' });
    const priced = await service.priceCart(id, { destination: { country: 'DE' } });
    expect(priced.lines.map((l) => [l.taxRate, l.tax.amount])).toEqual([['0.07', '0.70'], ['0', '0.00']]);
  });
});

describe('pricing: shipping', () => {
  it('offers free shipping over the threshold, weight tiers, and the chosen option', async () => {
    const { service, add } = setup({ shipping });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    await add(id, { ...item('a', '100.00', 2), weightGrams: 3000 });
    const priced = await service.priceCart(id, { destination: { country: 'DE' }, shippingOptionId: 'express' });
    expect(priced.shippingOptions.map((o) => [o.id, o.price.amount])).toEqual([['standard', '0.00'], ['express', '9.90']]);
    expect(priced.shipping?.optionId).toBe('express');
    expect(priced.total.amount).toBe('209.90');
    expect((await service.priceCart(id, { destination: { country: 'DE' } })).shipping?.optionId).toBe('standard');
    await expectCode(service.priceCart(id, { shippingOptionId: 'freight' }), 'VALIDATION_FAILED');
  });

  it('has no shipping for an empty cart and none without a ShippingRates', async () => {
    const { service } = setup({ shipping });
    const { id } = await service.createCart({ sessionId: 's', currency: 'EUR' });
    const empty = await service.priceCart(id);
    expect(empty.shipping).toBeNull();
    expect(empty.total.isZero()).toBe(true);
    const bare = setup();
    const other = await bare.service.createCart({ sessionId: 's', currency: 'EUR' });
    await bare.add(other.id, item('a', '1.00'));
    expect((await bare.service.priceCart(other.id)).shipping).toBeNull();
  });

  it('answers CART_NOT_FOUND for a missing cart', async () => {
    const { service } = setup();
    await expectCode(service.priceCart('missing'), 'CART_NOT_FOUND');
  });
});
