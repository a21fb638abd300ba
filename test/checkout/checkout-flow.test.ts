import { describe, expect, it } from 'vitest';
import type { CommerceError} from '../../src/index.js';
import { Money } from '../../src/index.js';
import { US_ADDRESS, makeCheckoutHarness } from './fixtures.js';

describe('startCheckout', () => {
  it('refuses a missing cart (CART_NOT_FOUND) or an empty one (CHECKOUT_EMPTY_CART)', async () => {
    const h = makeCheckoutHarness();
    await expect(h.checkout.startCheckout({ cartId: 'nope' })).rejects.toMatchObject({ code: 'CART_NOT_FOUND' });
    h.cart.addCart('empty', {});
    await expect(h.checkout.startCheckout({ cartId: 'empty' })).rejects.toMatchObject({ code: 'CHECKOUT_EMPTY_CART' });
  });

  it('refuses a cart whose lines are not in stock, naming the shortages', async () => {
    const h = makeCheckoutHarness({ stock: 3 });
    h.cart.addCart('c', { 'SKU-A': 4, 'SKU-B': 1 });
    const error = await h.checkout.startCheckout({ cartId: 'c' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INSUFFICIENT_INVENTORY' });
    expect((error as CommerceError).details.shortages).toEqual([{ sku: 'SKU-A', requested: 4, available: 3 }]);
  });

  it('opens at shipping_info with the cart reviewed, for the cart owner only', async () => {
    const h = makeCheckoutHarness();
    h.cart.addCart('c', { 'SKU-A': 1 }, { userId: 'alice' });
    await expect(h.checkout.startCheckout({ cartId: 'c', userId: 'mallory' })).rejects.toMatchObject({ code: 'CART_NOT_FOUND' });
    const state = await h.checkout.startCheckout({ cartId: 'c' });
    expect(state).toMatchObject({ cartId: 'c', userId: 'alice', currentStep: 'shipping_info', completedSteps: ['cart_review'], status: 'open', currency: 'USD' });
    expect(h.emitted.map((e) => e.event)).toEqual(['checkout.started']);
  });

  it('refuses an email for a guest at start (guests use updateGuestInfo)', async () => {
    const h = makeCheckoutHarness();
    h.cart.addCart('c', { 'SKU-A': 1 });
    await expect(h.checkout.startCheckout({ cartId: 'c', email: 'a@example.com' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('checkout steps', () => {
  it('walks shipping -> payment -> review, and the summary follows', async () => {
    const h = makeCheckoutHarness();
    h.cart.addCart('c', { 'SKU-A': 2, 'SKU-C': 3 });
    const { id } = await h.checkout.startCheckout({ cartId: 'c' });
    await expect(h.checkout.updatePaymentInfo({ checkoutId: id, method: 'paypal', paymentToken: 'tok_ok' })).rejects.toMatchObject({ code: 'CHECKOUT_INVALID_STEP' });

    const shipped = await h.checkout.updateShippingInfo({ checkoutId: id, shippingAddress: US_ADDRESS });
    expect(shipped).toMatchObject({ currentStep: 'payment_info', completedSteps: ['cart_review', 'shipping_info'] });
    expect(shipped.billingAddress).toEqual(shipped.shippingAddress);

    const paid = await h.checkout.updatePaymentInfo({ checkoutId: id, method: 'paypal', paymentToken: 'tok_ok' });
    expect(paid).toMatchObject({ currentStep: 'order_review', completedSteps: ['cart_review', 'shipping_info', 'payment_info'] });

    const summary = await h.checkout.getCheckoutSummary({ checkoutId: id });
    // 2 x 25.00 + 3 x 3.33 = 59.99; tax 8% per line: 4.00 + 0.80; standard shipping 5.00.
    expect(summary.subtotal.amount).toBe('59.99');
    expect(summary.taxTotal.amount).toBe('4.80');
    expect(summary.shipping).toMatchObject({ optionId: 'standard' });
    expect(summary.total.equals(Money.of('69.79', 'USD'))).toBe(true);
    expect(summary.lines).toHaveLength(2);
    expect(summary).toMatchObject({ currentStep: 'order_review', paymentMethod: 'paypal', itemCount: 5 });
    expect(JSON.stringify(summary)).not.toContain('tok_ok');
  });

  it('a new address from review re-prices and asks for review again; a dropped option is cleared', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout();
    await h.checkout.selectShippingOption({ checkoutId, shippingOptionId: 'express' });
    expect((await h.checkout.getCheckoutSummary({ checkoutId })).shipping?.optionId).toBe('express');

    const berlin = { ...US_ADDRESS, city: 'Berlin', region: undefined, postalCode: '10115', country: 'de' };
    const moved = await h.checkout.updateShippingInfo({ checkoutId, shippingAddress: berlin });
    expect(moved.shippingAddress?.country).toBe('DE');
    expect(moved.shippingOptionId).toBeUndefined(); // express is US-only
    expect(moved.currentStep).toBe('order_review');
    expect(moved.completedSteps).not.toContain('order_review');
    const summary = await h.checkout.getCheckoutSummary({ checkoutId });
    expect(summary.taxTotal.amount).toBe('11.40'); // 19% of 60.00
    expect(moved.quotedTotal).toEqual(summary.total.toJSON());
  });

  it('refuses a shipping option the address does not offer, and one before any address', async () => {
    const h = makeCheckoutHarness();
    h.cart.addCart('c', { 'SKU-A': 1 });
    const { id } = await h.checkout.startCheckout({ cartId: 'c' });
    await expect(h.checkout.selectShippingOption({ checkoutId: id, shippingOptionId: 'standard' })).rejects.toMatchObject({ code: 'CHECKOUT_INVALID_STEP' });
    await h.checkout.updateShippingInfo({ checkoutId: id, shippingAddress: US_ADDRESS });
    await expect(h.checkout.selectShippingOption({ checkoutId: id, shippingOptionId: 'drone' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await h.checkout.getCheckoutSummary({ checkoutId: id })).shipping?.optionId).toBe('standard');
  });

  it('keeps a separate billing address when one is given', async () => {
    const h = makeCheckoutHarness();
    h.cart.addCart('c', { 'SKU-A': 1 });
    const { id } = await h.checkout.startCheckout({ cartId: 'c' });
    const billing = { ...US_ADDRESS, line1: '9 Bill Rd' };
    const state = await h.checkout.updateShippingInfo({ checkoutId: id, shippingAddress: US_ADDRESS, billingAddress: billing });
    expect(state.billingAddress?.line1).toBe('9 Bill Rd');
    expect(state.shippingAddress?.line1).toBe('1 Main St');
  });

  it('refuses an invalid address without writing anything', async () => {
    const h = makeCheckoutHarness();
    h.cart.addCart('c', { 'SKU-A': 1 });
    const { id, version } = await h.checkout.startCheckout({ cartId: 'c' });
    await expect(h.checkout.updateShippingInfo({ checkoutId: id, shippingAddress: { ...US_ADDRESS, postalCode: 'ABCDE' } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await h.checkoutStore.get(id))?.version).toBe(version);
  });
});

describe('guest and payment info', () => {
  it('takes a valid guest email, refuses a bad one and any for a signed-in shopper', async () => {
    const h = makeCheckoutHarness();
    h.cart.addCart('g', { 'SKU-A': 1 });
    h.cart.addCart('u', { 'SKU-A': 1 }, { userId: 'bob' });
    const guest = await h.checkout.startCheckout({ cartId: 'g' });
    await expect(h.checkout.updateGuestInfo({ checkoutId: guest.id, email: 'not-an-email' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await h.checkout.updateGuestInfo({ checkoutId: guest.id, email: 'g@example.com' })).guestEmail).toBe('g@example.com');
    const user = await h.checkout.startCheckout({ cartId: 'u', userId: 'bob', email: 'bob@example.com' });
    await expect(h.checkout.updateGuestInfo({ checkoutId: user.id, email: 'x@example.com' })).rejects.toMatchObject({ code: 'CHECKOUT_INVALID_STEP' });
    expect((await h.checkoutStore.get(user.id))?.guestEmail).toBeUndefined();
  });

  it.each([
    ['a bare PAN as token', { paymentToken: '4111111111111111' }],
    ['a grouped PAN inside a token', { paymentToken: 'tok_4111 1111 1111 1111' }],
    ['a PAN with dashes in an extra field', { paymentToken: 'tok_ok', card: '5555-5555-5555-4444' }],
    ['a PAN as a number', { paymentToken: 'tok_ok', extra: { number: 378282246310005 } }],
  ])('refuses %s and never stores or echoes it', async (_name, extra) => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout();
    const before = await h.checkoutStore.get(checkoutId);
    const error = (await h.checkout.updatePaymentInfo({ checkoutId, method: 'credit_card', ...extra } as never).catch((e: unknown) => e)) as CommerceError;
    expect(error.code).toBe('VALIDATION_FAILED');
    const digits = JSON.stringify(error.toJSON()) + error.message;
    expect(digits).not.toMatch(/\d{12}/);
    const after = await h.checkoutStore.get(checkoutId);
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toMatch(/4111|5555|3782/);
  });

  it('accepts a token with short digit runs and a digit run failing Luhn', async () => {
    const h = makeCheckoutHarness();
    const { checkoutId } = await h.readyCheckout();
    const state = await h.checkout.updatePaymentInfo({ checkoutId, method: 'apple_pay', paymentToken: 'tok_4111111111111112', deviceId: 'dev-1', ip: '203.0.113.9' });
    expect(state.payment).toEqual({ method: 'apple_pay', paymentToken: 'tok_4111111111111112', deviceId: 'dev-1', ip: '203.0.113.9' });
  });
});

describe('checkout state store', () => {
  it('loses no update when writers race', async () => {
    const h = makeCheckoutHarness();
    h.cart.addCart('c', { 'SKU-A': 1 });
    const { id } = await h.checkout.startCheckout({ cartId: 'c' });
    await h.checkout.updateShippingInfo({ checkoutId: id, shippingAddress: US_ADDRESS });
    await Promise.all([
      h.checkout.updateGuestInfo({ checkoutId: id, email: 'race@example.com' }),
      h.checkout.updatePaymentInfo({ checkoutId: id, method: 'paypal', paymentToken: 'tok_ok' }),
      h.checkout.selectShippingOption({ checkoutId: id, shippingOptionId: 'express' }),
    ]);
    const state = await h.checkoutStore.get(id);
    expect(state).toMatchObject({ guestEmail: 'race@example.com', payment: { method: 'paypal' }, shippingOptionId: 'express', currentStep: 'order_review' });
  });

  it('expires an untouched checkout; each change extends it', async () => {
    const h = makeCheckoutHarness();
    h.cart.addCart('c', { 'SKU-A': 1 });
    const { id } = await h.checkout.startCheckout({ cartId: 'c' });
    h.clock.advance({ minutes: 50 });
    await h.checkout.updateGuestInfo({ checkoutId: id, email: 'a@example.com' });
    h.clock.advance({ minutes: 50 });
    expect((await h.checkout.getCheckoutSummary({ checkoutId: id })).checkoutId).toBe(id);
    h.clock.advance({ minutes: 61 });
    await expect(h.checkout.getCheckoutSummary({ checkoutId: id })).rejects.toMatchObject({ code: 'CHECKOUT_NOT_FOUND' });
  });
});
