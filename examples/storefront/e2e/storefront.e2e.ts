// The flows in a real browser: a guest's checkout with a coupon and a declined card,
// a signed-in shopper's merged cart, the admin seeing the order and the stock drop, a card
// that asks for 3-D Secure, and the admin replaying a confirmation the mail provider refused.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_CARDS, TEST_TOKENS } from '../../../src/testing/index.js';
import { buildStorefront, type StorefrontApp } from '../app.js';
import { openBrowser, SCREENSHOTS, type Browser, type Shopper } from './browser.js';

const ADMIN_TOKEN = 'e2e-admin-token';
let sf: StorefrontApp;
let browser: Browser;
/** While true, the mail provider refuses every confirmation (they end up dead-lettered). */
let mailDown = false;

beforeAll(async () => {
  sf = await buildStorefront({
    adminToken: ADMIN_TOKEN,
    sendConfirmation: () => {
      if (mailDown) throw new Error('mail provider unavailable');
    },
    mailOptions: { maxAttempts: 2, backoff: { baseMs: 1, maxMs: 1 }, pollMs: 10 },
  });
  const base = await sf.app.listen({ host: '127.0.0.1', port: 0 });
  [browser] = await Promise.all([openBrowser(base), sf.storefront.trained]);
  console.log(`screenshots: ${SCREENSHOTS}`);
});
afterAll(async () => {
  await browser?.close();
  await sf.app.close();
});

async function addToCart(s: Shopper, productId: string): Promise<void> {
  await s.page.goto(`/products/${productId}`);
  await s.page.getByRole('button', { name: 'Add to cart' }).click();
  await s.page.waitForLoadState('load');
  await s.page.getByRole('link', { name: /Cart/ }).getByText(/\d+/).waitFor();
}

async function payWith(s: Shopper, card: string): Promise<void> {
  const form = s.page.locator('form[data-tokenize]').first();
  await form.getByLabel('Card number').fill(card);
  await form.getByLabel('Expiry month (MM)').fill('12');
  await form.getByLabel('Expiry year (YYYY)').fill('2099');
  await form.getByLabel('Security code').fill('123');
  await form.getByRole('button').click();
}

async function signInAsAdmin(s: Shopper): Promise<void> {
  await s.page.goto('/admin');
  await s.page.getByLabel('Admin token').fill(ADMIN_TOKEN);
  await s.page.getByRole('button', { name: 'Open the back office' }).click();
  await s.page.getByRole('heading', { name: 'Back office' }).waitFor();
}

const totalText = async (s: Shopper): Promise<string> => (await s.page.locator('[data-total="total"]').innerText()).trim();

describe('storefront in Chromium', () => {
  let orderNumber = '';

  it('a guest adds two products, applies a coupon, is declined, pays, and sees the order', async () => {
    const s = await browser.shopper('guest-checkout');
    try {
      await s.page.goto('/?category=kitchen');
      await expect.poll(() => s.page.getByRole('heading', { level: 1 }).innerText()).toBe('Shop: kitchen');
      await s.snap('kitchen');
      await addToCart(s, '22423');
      await s.snap('product-page');
      expect(await s.page.getByRole('heading', { name: 'Similar items' }).isVisible()).toBe(true);
      await addToCart(s, '22720');
      await s.page.goto('/cart');
      const before = await totalText(s);
      await s.snap('cart');

      await s.page.getByLabel('Coupon code').fill('nope');
      await s.page.getByRole('button', { name: 'Apply' }).click();
      await s.page.getByRole('alert').filter({ hasText: 'Coupon not found' }).waitFor();
      await s.snap('unknown-coupon');
      await s.page.getByLabel('Coupon code').fill('spring10');
      await s.page.getByRole('button', { name: 'Apply' }).click();
      await expect.poll(() => totalText(s)).not.toBe(before);
      expect(await s.page.locator('[data-total="codes"]').innerText()).toContain('SPRING10');
      await s.snap('coupon-applied');
      const discounted = await totalText(s);
      await s.page.getByLabel('Quantity of Regency Cakestand 3 Tier').fill('2');
      await s.page.getByLabel('Quantity of Regency Cakestand 3 Tier').press('Enter');
      await expect.poll(() => totalText(s)).not.toBe(discounted);
      await s.snap('quantity-changed');

      await s.page.getByRole('link', { name: 'Go to checkout' }).click();
      await s.page.getByRole('button', { name: 'Start checkout' }).click();
      await s.page.getByLabel('Email').fill('ada@example.com');
      await s.page.getByRole('button', { name: 'Continue' }).click();
      await s.page.getByLabel('First name').fill('Ada');
      await s.page.getByLabel('Last name').fill('Lovelace');
      await s.page.getByLabel('Address', { exact: true }).fill('12 St James Square');
      await s.page.getByLabel('Town or city').fill('London');
      await s.page.getByLabel('Postcode').fill('12345');
      await s.page.getByRole('button', { name: 'Continue to payment' }).click();
      await s.page.getByRole('alert').filter({ hasText: 'not a valid GB postal code' }).waitFor();
      expect(await s.page.getByLabel('Postcode').getAttribute('aria-invalid')).toBe('true');
      await s.snap('address-invalid');
      await s.page.getByLabel('Postcode').fill('SW1Y 4JH');
      await s.page.getByRole('button', { name: 'Continue to payment' }).click();
      await s.page.getByRole('heading', { name: 'Payment' }).waitFor();
      await s.page.getByText('Test card numbers').click();
      await s.snap('payment-step');

      await payWith(s, TEST_CARDS.declined);
      await s.page.getByRole('heading', { name: 'Review your order' }).waitFor();
      await s.snap('review');
      await s.page.getByRole('button', { name: /Place order/ }).click();
      await s.page.getByRole('alert').filter({ hasText: 'declined' }).waitFor();
      await s.snap('declined');

      await payWith(s, TEST_CARDS.visa);
      await s.page.getByRole('button', { name: /Place order/ }).waitFor();
      await s.page.getByRole('button', { name: /Place order/ }).click();
      await s.page.getByRole('heading', { name: /Thank you/ }).waitFor();
      orderNumber = await s.page.getByTestId('order-number').innerText();
      expect(orderNumber).toMatch(/^ORD-\d{6}$/);
      await s.snap('confirmation');

      await s.page.getByRole('link', { name: 'Orders', exact: true }).click();
      await s.page.getByRole('link', { name: orderNumber }).waitFor();
      await s.snap('history');
    } finally {
      await s.close();
    }
  });

  it("a signed-in shopper's guest cart merges into the saved cart", async () => {
    // Grace saved a cart on her laptop last week...
    const laptop = await browser.shopper('merge-laptop');
    await laptop.page.goto('/login');
    await laptop.page.getByLabel('User name').fill('grace');
    await laptop.page.getByRole('button', { name: 'Sign in' }).click();
    await laptop.page.waitForURL('**/cart');
    await addToCart(laptop, '47566');
    await laptop.snap('saved-cart');
    await laptop.close();

    // ...and today fills a cart on her phone as a guest, then signs in.
    const phone = await browser.shopper('merge-phone');
    await addToCart(phone, '22720');
    await phone.snap('guest-cart');
    await phone.page.goto('/login');
    await phone.page.getByLabel('User name').fill('grace');
    await phone.page.keyboard.press('Enter');
    await phone.page.waitForURL('**/cart');
    const rows = phone.page.locator('table.lines tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await phone.page.getByRole('row', { name: /Party Bunting/ }).isVisible()).toBe(true);
    expect(await phone.page.getByRole('row', { name: /Cake Tins/ }).isVisible()).toBe(true);
    await phone.snap('merged-cart');
    await phone.close();
  });

  it('the admin sees the order and the stock drop', async () => {
    expect(orderNumber).not.toBe('');
    const s = await browser.shopper('admin');
    try {
      await signInAsAdmin(s);
      await s.page.locator(`tr[data-order="${orderNumber}"]`).waitFor();
      // Seven cakestands were on hand; the guest bought two: at the reorder point, so low.
      expect(await s.page.getByTestId('available-SKU-22423').innerText()).toBe('5');
      expect(await s.page.getByText(/48 × Regency Cakestand 3 Tier/).isVisible()).toBe(true);
      await s.snap('back-office');
      await s.page.getByRole('button', { name: `Fulfil ${orderNumber}` }).click();
      await s.page.getByRole('link', { name: 'fulfilled', exact: true }).click();
      await s.page.locator(`tr[data-order="${orderNumber}"]`).waitFor();
      await s.snap('fulfilled');
    } finally {
      await s.close();
    }
  });

  it('a card that asks for 3-D Secure: the checkout shows the bank step, the shopper approves at the bank and finishes', async () => {
    const s = await browser.shopper('three-d-secure');
    try {
      await addToCart(s, '22720');
      await s.page.goto('/checkout');
      await s.page.getByRole('button', { name: 'Start checkout' }).click();
      await s.page.getByLabel('Email').fill('katherine@example.com');
      await s.page.getByRole('button', { name: 'Continue' }).click();
      await s.page.getByLabel('First name').fill('Katherine');
      await s.page.getByLabel('Last name').fill('Johnson');
      await s.page.getByLabel('Address', { exact: true }).fill('1 Langley Road');
      await s.page.getByLabel('Town or city').fill('Hampton');
      await s.page.getByLabel('Postcode').fill('TW12 1AA');
      await s.page.getByRole('button', { name: 'Continue to payment' }).click();
      await s.page.getByRole('heading', { name: 'Payment' }).waitFor();
      await payWith(s, TEST_CARDS.requiresAction);
      await s.page.getByRole('button', { name: /Place order/ }).click();

      await s.page.getByRole('heading', { name: 'Confirm the payment with your bank' }).waitFor();
      const finish = s.page.getByRole('button', { name: /^Finish order ORD-\d{6}$/ });
      const number = ((await finish.innerText()).match(/ORD-\d{6}/) ?? [''])[0];
      await s.snap('bank-step');
      await s.page.getByRole('link', { name: 'Confirm with your bank' }).click();
      await s.page.getByRole('heading', { name: 'Test bank: confirm your payment' }).waitFor();
      await s.snap('test-bank');
      await s.page.getByRole('button', { name: 'Approve payment' }).click();
      await s.page.waitForURL('**/checkout');
      await s.page.getByRole('button', { name: `Finish order ${number}` }).click();
      await s.page.getByRole('heading', { name: /Thank you/ }).waitFor();
      expect(await s.page.getByTestId('order-number').innerText()).toBe(number);
      await s.snap('confirmation');
    } finally {
      await s.close();
    }
  });

  it('the admin replays a confirmation the mail provider refused, and sees it sent', async () => {
    // The order is placed through the library, as another channel of the shop would.
    const { shop } = sf.storefront;
    mailDown = true;
    const cart = await shop.cart.createCart({ sessionId: 'e2e-mail', currency: 'GBP' });
    await shop.cart.addItem(cart.id, { sku: 'SKU-22720', quantity: 1 });
    const { id: checkoutId } = await shop.checkout.startCheckout({ cartId: cart.id });
    await shop.checkout.updateGuestInfo({ checkoutId, email: 'hedy@example.com' });
    await shop.checkout.updateShippingInfo({ checkoutId, shippingAddress: { firstName: 'Hedy', lastName: 'Lamarr', line1: '2 Mill Lane', city: 'Leeds', postalCode: 'LS1 4AP', country: 'GB' } });
    await shop.checkout.updatePaymentInfo({ checkoutId, method: 'credit_card', paymentToken: TEST_TOKENS.approve });
    const placed = await shop.checkout.completeOrder({ checkoutId });
    const relay = sf.storefront.mail.relay;
    expect(relay).not.toBeNull();
    const letter = await vi.waitFor(
      async () => {
        const dead = (await relay?.deadLetters({ limit: 100 })) ?? [];
        const found = dead.find((d) => (d.event.payload as { orderId?: string }).orderId === placed.orderId);
        expect(found).toBeDefined();
        return found;
      },
      { timeout: 10_000, interval: 20 },
    );
    mailDown = false;

    const s = await browser.shopper('dead-letter-replay');
    try {
      await signInAsAdmin(s);
      const row = s.page.locator(`tr[data-dead="${letter?.event.id ?? ''}"]`);
      await row.waitFor();
      expect(await row.innerText()).toContain('mail provider unavailable');
      expect(await s.page.locator(`li[data-confirmation="${placed.orderNumber}"]`).count()).toBe(0);
      await s.snap('dead-letter');
      await s.page.getByRole('button', { name: `Replay ${letter?.event.id ?? ''}` }).click();
      await s.page.locator(`li[data-confirmation="${placed.orderNumber}"]`).waitFor();
      expect(await row.count()).toBe(0);
      await s.snap('replayed');
    } finally {
      await s.close();
    }
  });
});
