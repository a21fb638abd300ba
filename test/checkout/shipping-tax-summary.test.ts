// Tax on shipping shows on its own through the whole checkout: in the summary while the
// checkout is open (from the cart's pricing), in the order placed, and in the summary of the
// confirmed checkout (rebuilt from the order, since the cart is gone by then).
import { describe, expect, it } from 'vitest';
import { createCommerce, memoryAdapters, ShippingRateTable, TaxRateTable, type CheckoutSummary } from '../../src/index.js';
import { ManualClock, SequentialIds, TEST_TOKENS, TestGateway } from '../../src/testing/index.js';

const gbp = (amount: string) => ({ amount, currency: 'GBP' });
const UK_ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 High St', city: 'London', postalCode: 'SW1A 1AA', country: 'GB' };

/** A UK shop: shelf prices include VAT, delivery takes the goods' rates (HMRC Notice 700/24, mixed supplies). */
function ukShop() {
  const clock = new ManualClock();
  const shop = createCommerce({
    adapters: memoryAdapters({ clock }),
    clock,
    ids: new SequentialIds(),
    cart: {
      defaultCurrency: 'GBP',
      taxIncluded: true,
      tax: new TaxRateTable({ rates: [{ country: 'GB', standard: '0.2', zero: '0', shipping: 'proportional' }] }),
      shipping: new ShippingRateTable([{ kind: 'flat', id: 'courier', name: 'Courier', price: gbp('4.80') }]),
    },
    payments: { gateways: [new TestGateway({ clock })], fraud: { velocity: false } },
  });
  return shop;
}

/** The figures of a summary the test compares, as strings. */
function figures(summary: CheckoutSummary) {
  const s = summary.shipping;
  return {
    shipping: s && { price: s.price.amount, tax: s.tax.amount, taxIncluded: s.taxIncluded, total: s.total.amount },
    taxSummary: summary.taxSummary?.map((e) => [e.rate, e.taxable.amount, e.tax.amount]),
    taxTotal: summary.taxTotal.amount,
    total: summary.total.amount,
  };
}

describe('tax on shipping through checkout', () => {
  // Worked case. Kettle 24.00 with 20 % VAT in it (tax 4.00, 20.00 net); a book 12.00 at the
  // zero rate. Delivery 4.80 with VAT in it, split by the goods' net values 20.00 : 12.00 =
  // 3.00 at 20 % and 1.80 at 0 %; the 3.00 holds 3.00 x 0.2 / 1.2 = 0.50 VAT. Tax 4.50, total
  // 40.80; per rate: 20 % taxes 20.00 + 2.50 = 22.50 (VAT 4.50), 0 % taxes 12.00 + 1.80 = 13.80.
  it('the open summary, the order and the confirmed summary all show the shipping tax on its own', async () => {
    const shop = ukShop();
    await shop.catalog.saveProduct({ id: 'kettle', name: 'Kettle', variants: [{ sku: 'kettle-1', prices: [{ currency: 'GBP', amount: '24.00' }] }] });
    await shop.catalog.saveProduct({ id: 'book', name: 'Book', taxClass: 'zero', variants: [{ sku: 'book-1', prices: [{ currency: 'GBP', amount: '12.00' }] }] });
    for (const sku of ['kettle-1', 'book-1']) await shop.inventory.addInventoryItem({ sku, productName: sku, onHand: 5, costPerUnit: gbp('1.00') });
    const cart = await shop.cart.createCart({ sessionId: 's', currency: 'GBP' });
    await shop.cart.addItem(cart.id, { sku: 'kettle-1', quantity: 1 });
    await shop.cart.addItem(cart.id, { sku: 'book-1', quantity: 1 });
    const { id: checkoutId } = await shop.checkout.startCheckout({ cartId: cart.id });
    await shop.checkout.updateGuestInfo({ checkoutId, email: 'ada@example.com' });
    await shop.checkout.updateShippingInfo({ checkoutId, shippingAddress: UK_ADDRESS });
    await shop.checkout.updatePaymentInfo({ checkoutId, method: 'credit_card', paymentToken: TEST_TOKENS.approve });

    const expected = {
      shipping: { price: '4.80', tax: '0.50', taxIncluded: true, total: '4.80' },
      taxSummary: [
        ['0.2', '22.50', '4.50'],
        ['0', '13.80', '0.00'],
      ],
      taxTotal: '4.50',
      total: '40.80',
    };
    expect(figures(await shop.checkout.getCheckoutSummary({ checkoutId }))).toEqual(expected);

    const placed = await shop.checkout.completeOrder({ checkoutId });
    const order = await shop.orders.getOrder({ orderId: placed.orderId });
    expect(order?.shipping).toMatchObject({ price: gbp('4.80'), tax: gbp('0.50'), taxIncluded: true, total: gbp('4.80') });
    expect(order?.taxSummary?.map((e) => [e.rate, e.taxable.amount, e.tax.amount])).toEqual(expected.taxSummary);

    const confirmed = await shop.checkout.getCheckoutSummary({ checkoutId });
    expect(confirmed.status).not.toBe('open');
    expect(figures(confirmed)).toEqual(expected);
  });
});
