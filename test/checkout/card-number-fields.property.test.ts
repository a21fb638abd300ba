// The checkout service never keeps a card number: a Luhn-valid number put into any free-text
// field of its inputs (read off src/checkout/checkout-schemas.ts and address-schema.ts) is
// refused with nothing written to any store.
import { describe, expect, it } from 'vitest';
import { dump, expectCardNumbersRefused, type WrittenCardNumber } from '../support/card-numbers.js';
import { makeCheckoutHarness, US_ADDRESS, type CheckoutHarness } from './fixtures.js';

const ADDRESS = { ...US_ADDRESS, company: 'Analytical Engines', line2: 'Suite 4', phone: '+1 415 555 2671' };
const ADDRESS_TEXT = ['firstName', 'lastName', 'company', 'line1', 'line2', 'city', 'region', 'postalCode', 'phone'] as const;

interface Checkouts {
  h: CheckoutHarness;
  /** A guest checkout at review, and a cart of a signed-in shopper not checked out yet. */
  checkoutId: string;
  userCart: string;
}

type Put = (c: Checkouts, text: string, pan: WrittenCardNumber) => Promise<unknown>;

/** Each free-text field, how a card number goes into it, and the path the refusal names. */
const FIELDS: readonly { field: string; path: (string | number)[]; put: Put }[] = [
  { field: 'startCheckout email', path: ['email'], put: (c, _text, pan) => c.h.checkout.startCheckout({ cartId: c.userCart, userId: 'u1', email: `u${pan.unspaced}@example.com` }) },
  { field: 'updateGuestInfo email', path: ['email'], put: (c, _text, pan) => c.h.checkout.updateGuestInfo({ checkoutId: c.checkoutId, email: `g${pan.unspaced}@example.com` }) },
  ...(['shippingAddress', 'billingAddress'] as const).flatMap((which) =>
    ADDRESS_TEXT.map((field) => {
      const put: Put = (c, text, pan) =>
        c.h.checkout.updateShippingInfo({ checkoutId: c.checkoutId, shippingAddress: ADDRESS, [which]: { ...ADDRESS, [field]: field === 'phone' ? pan.written : text } });
      return { field: `updateShippingInfo ${which}.${field}`, path: [which, field], put };
    }),
  ),
  // The payment step refuses a card number anywhere in its input, so the refusal names no field.
  { field: 'updatePaymentInfo paymentToken', path: [], put: (c, text) => c.h.checkout.updatePaymentInfo({ checkoutId: c.checkoutId, method: 'credit_card', paymentToken: text }) },
  { field: 'updatePaymentInfo deviceId', path: [], put: (c, text) => c.h.checkout.updatePaymentInfo({ checkoutId: c.checkoutId, method: 'credit_card', paymentToken: 'tok_ok', deviceId: text }) },
  { field: 'updatePaymentInfo ip', path: [], put: (c, _text, pan) => c.h.checkout.updatePaymentInfo({ checkoutId: c.checkoutId, method: 'credit_card', paymentToken: 'tok_ok', ip: pan.written }) },
];

async function checkouts(): Promise<Checkouts & { stores: () => string }> {
  const h = makeCheckoutHarness();
  const { checkoutId } = await h.readyCheckout();
  const userCart = h.cart.addCart('user-cart', { 'SKU-A': 1 }, { userId: 'u1' });
  return { h, checkoutId, userCart, stores: () => dump(h.adapters) };
}

describe('a card number in any free-text field of a checkout is refused, nothing stored', () => {
  it.each(FIELDS)('$field', async ({ path, put }) => {
    const c = await checkouts();
    await expectCardNumbersRefused({ put: (text, pan) => put(c, text, pan), path, stores: c.stores, numRuns: 40 });
  });

  it('keeps addresses, emails and device ids whose digits are not a card number', async () => {
    const c = await checkouts();
    // A Chinese mobile in international form passes Luhn as digits, and is a phone number.
    const phone = '+86 138 0013 8002';
    const state = await c.h.checkout.updateShippingInfo({ checkoutId: c.checkoutId, shippingAddress: { ...ADDRESS, phone, line1: '1234 Main St, Building 567890' } });
    expect(state.shippingAddress?.phone).toBe(phone);
    const paid = await c.h.checkout.updatePaymentInfo({ checkoutId: c.checkoutId, method: 'credit_card', paymentToken: 'tok_ok', deviceId: '12345678-1234-4129-a123-bcdefabcdefa' });
    expect(paid.payment?.deviceId).toBe('12345678-1234-4129-a123-bcdefabcdefa');
    expect((await c.h.checkout.updateGuestInfo({ checkoutId: c.checkoutId, email: 'g20250101@example.com' })).guestEmail).toBe('g20250101@example.com');
  });
});
