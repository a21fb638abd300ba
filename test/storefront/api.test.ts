import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/index.js';
import { TEST_CARDS } from '../../src/testing/index.js';
import { buildStorefront, type StorefrontApp } from '../../examples/storefront/app.js';
import { ADDRESS, checkOutAsGuest, pay, Shopper } from './client.js';

const CAKESTAND = { productId: '22423', sku: 'SKU-22423' };
const TINS = { productId: '22720', sku: 'SKU-22720' };

let sf: StorefrontApp;
beforeAll(async () => {
  sf = await buildStorefront({ adminToken: 'admin-secret' });
  await sf.storefront.trained;
});
afterAll(async () => sf.app.close());

describe('storefront API', () => {
  it('prices a cart from the catalogue and changes its totals with a coupon', async () => {
    const guest = new Shopper(sf.app);
    const added = await guest.post('/api/cart/items', { sku: CAKESTAND.sku, quantity: 2 });
    expect(added.status).toBe(201);
    expect(added.body.subtotal).toEqual({ amount: '25.50', currency: 'GBP' });
    await guest.post('/api/cart/items', { sku: TINS.sku, quantity: 1 });
    const before = (await guest.get('/api/cart')).body;
    const after = await guest.post('/api/cart/coupons', { code: 'spring10' });
    expect(after.status).toBe(200);
    // 10% of 30.45 is 3.045: half-even to the penny.
    expect(after.body.discountTotal).toEqual({ amount: '3.04', currency: 'GBP' });
    expect(after.body.total).not.toEqual(before.total);
    const updated = await guest.patch(`/api/cart/items/${TINS.productId}/${TINS.sku}`, { quantity: 3 });
    expect(updated.body.itemCount).toBe(5);
    const removed = await guest.delete(`/api/cart/items/${TINS.productId}/${TINS.sku}`);
    expect(removed.body.itemCount).toBe(2);
  });

  it('answers bad input with a problem details body, from the library schemas, and writes nothing', async () => {
    const guest = new Shopper(sf.app);
    const priced = await guest.post('/api/cart/items', { sku: CAKESTAND.sku, quantity: 'two' });
    expect(priced.status).toBe(400);
    expect(priced.type).toContain('application/problem+json');
    expect(priced.body).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, instance: '/api/cart/items' });
    expect((priced.body.issues as { path: string[] }[])[0]?.path).toEqual(['quantity']);
    const tampered = await guest.post('/api/cart/items', { sku: CAKESTAND.sku, quantity: 1, unitPrice: { amount: '0.01', currency: 'GBP' } });
    expect(tampered.body.code).toBe('VALIDATION_FAILED');
    expect((await guest.get('/api/cart')).body.itemCount ?? 0).toBe(0);
    expect((await guest.post('/api/cart/coupons', { code: 'NOPE' })).status).toBe(404);
    expect((await guest.post('/api/cart/items', { sku: 'SKU-NONE', quantity: 1 })).body.code).toBe('SKU_NOT_IN_CATALOG');
    const notJson = await sf.app.inject({ method: 'POST', url: '/api/cart/items', headers: { 'content-type': 'application/json' }, payload: '{"sku":' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('shows the address validation messages of a checkout step', async () => {
    const guest = new Shopper(sf.app);
    await guest.post('/api/cart/items', { sku: CAKESTAND.sku, quantity: 1 });
    expect((await guest.post('/api/checkout')).status).toBe(201);
    const bad = await guest.post('/api/checkout/shipping', { shippingAddress: { ...ADDRESS, postalCode: '12345' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: ['shippingAddress', 'postalCode'] })]);
  });

  it('takes a declined card with 402, then places the order with an approved one', async () => {
    const guest = new Shopper(sf.app);
    await guest.post('/api/cart/items', { sku: TINS.sku, quantity: 2 });
    const declined = await checkOutAsGuest(guest, TEST_CARDS.declined);
    expect(declined.status).toBe(402);
    expect(declined.body).toMatchObject({ code: 'CHECKOUT_FAILED', details: { code: 'PAYMENT_DECLINED' } });
    const placed = await pay(guest, TEST_CARDS.visa);
    expect(placed.status).toBe(201);
    const number = placed.body.orderNumber as string;
    const history = await guest.get('/api/orders');
    expect((history.body.orders as { number: string }[]).map((o) => o.number)).toEqual([number]);
    const order = await guest.get(`/api/orders/${number}`);
    expect(order.status).toBe(200);
    // UK delivery of standard-rated goods carries 20 % VAT: 3.95 with VAT in it holds 3.95 / 6 = 0.66.
    expect(order.body.shipping).toMatchObject({ price: { amount: '3.95', currency: 'GBP' }, tax: { amount: '0.66', currency: 'GBP' }, taxIncluded: true });
    expect((await guest.get(`/orders/${number}`)).body.text).toContain('of which on delivery');
    expect((await new Shopper(sf.app).get(`/api/orders/${number}`)).status).toBe(404);
    expect((await guest.get('/api/cart')).body.itemCount).toBe(0);
  });

  it('3-D Secure: the checkout page shows the bank step, the test bank approves, finishing places the order once', async () => {
    const guest = new Shopper(sf.app);
    await guest.post('/api/cart/items', { sku: TINS.sku, quantity: 1 });
    const waiting = await checkOutAsGuest(guest, TEST_CARDS.requiresAction);
    expect(waiting.status).toBe(202);
    expect(waiting.body).toMatchObject({ status: 'payment_pending', paymentStatus: 'requires_action', nextAction: { type: 'three_d_secure' } });
    const txn = (waiting.body.nextAction as { gatewayTransactionId: string }).gatewayTransactionId;
    const page = (await guest.get('/checkout')).body.text as string;
    expect(page).toContain('Confirm the payment with your bank');
    expect(page).toContain(`href="/test-gateway/3ds/${txn}"`);
    expect(page).toContain(`Finish order ${waiting.body.orderNumber as string}`);
    expect((await guest.get(`/test-gateway/3ds/${txn}`)).body.text).toContain('Approve payment');

    expect((await guest.post(`/test-gateway/3ds/${txn}`, { outcome: 'approve' })).body).toMatchObject({ outcome: { outcome: 'applied' } });
    const placed = await guest.post('/api/checkout/complete', {});
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ orderId: waiting.body.orderId, status: 'placed', replayed: true });
    expect(placed.body.nextAction).toBeUndefined();
    expect((await guest.get(`/api/orders/${placed.body.orderNumber as string}`)).body.status).toBe('placed');
    // The session let go of the checkout: the page offers a new one.
    expect((await guest.get('/checkout')).body.text).toContain('Start checkout');
    expect((await guest.post(`/test-gateway/3ds/${txn}`, { outcome: 'approve' })).status).toBe(404);
  });

  it("merges a guest cart into the user's saved cart on login", async () => {
    const laptop = new Shopper(sf.app);
    await laptop.post('/api/login', { userId: 'grace' });
    await laptop.post('/api/cart/items', { sku: CAKESTAND.sku, quantity: 1 });
    const phone = new Shopper(sf.app);
    await phone.post('/api/cart/items', { sku: CAKESTAND.sku, quantity: 1 });
    await phone.post('/api/cart/items', { sku: TINS.sku, quantity: 2 });
    const login = await phone.post('/api/login', { userId: 'grace' });
    expect(login.status).toBe(200);
    const cart = (await phone.get('/api/cart')).body as { lines: { sku: string; quantity: number }[] };
    expect(cart.lines.map((l) => [l.sku, l.quantity]).sort()).toEqual([[CAKESTAND.sku, 1], [TINS.sku, 2]]);
  });

  it('lets the admin see orders and stock, refund, and adjust stock; no one else', async () => {
    const shopper = new Shopper(sf.app);
    expect((await shopper.get('/api/admin/stock')).status).toBe(404);
    expect((await shopper.post('/api/admin/login', { token: 'wrong' })).status).toBe(400);
    const admin = new Shopper(sf.app);
    expect((await admin.post('/api/admin/login', { token: 'admin-secret' })).status).toBe(200);
    const before = (await admin.get(`/api/admin/stock/${CAKESTAND.sku}`)).body.available as number;
    // Two of the seven cakestands take it to its reorder point (5).
    await shopper.post('/api/cart/items', { sku: CAKESTAND.sku, quantity: 2 });
    const placed = await checkOutAsGuest(shopper, TEST_CARDS.visa);
    expect(placed.status).toBe(201);
    expect((await admin.get(`/api/admin/stock/${CAKESTAND.sku}`)).body.available).toBe(before - 2);
    expect((await admin.get('/api/admin/stock')).body.lowStock).toEqual(expect.arrayContaining([expect.objectContaining({ sku: CAKESTAND.sku })]));
    const listed = (await admin.get('/api/admin/orders?status=placed')).body.orders as { id: string; number: string }[];
    const order = listed.find((o) => o.number === placed.body.orderNumber);
    expect(order).toBeDefined();
    expect((await admin.post(`/api/admin/orders/${order!.id}/fulfil`, {})).status).toBe(200);
    const refunded = await admin.post(`/api/admin/orders/${order!.id}/refunds`, { amount: { amount: '1.00', currency: 'GBP' }, reason: 'dented' });
    expect(refunded.status).toBe(200);
    expect(refunded.body.status).toBe('partially_refunded');
    const stock = await admin.post(`/api/admin/stock/${CAKESTAND.sku}`, { quantity: 10, operation: 'add' });
    expect(stock.body.available).toBe(before - 2 + 10);
    expect((await admin.get('/api/admin/reorders')).body.reorders).not.toHaveLength(0);
  });

  it('serves recommendations, similar items and bought-together from the purchase history', async () => {
    const shopper = new Shopper(sf.app);
    const similar = await shopper.get(`/api/products/${CAKESTAND.productId}/similar`);
    expect(similar.status).toBe(200);
    expect(similar.body).not.toHaveLength(0);
    const together = await shopper.get(`/api/products/${CAKESTAND.productId}/bought-together`);
    expect(together.body).not.toHaveLength(0);
    expect((await shopper.get('/api/recommendations')).status).toBe(200);
    expect((await shopper.get('/api/products/nope/similar')).status).toBe(404);
  });

  it('verifies a webhook over the raw bytes it was sent', async () => {
    const event = { type: 'payment.disputed', paymentId: 'pay_unknown', transactionId: 'txn_1', id: 'evt_raw_1', createdAt: Date.now() };
    // Pretty-printed on purpose: a parsed-and-re-serialised body would not match the signature.
    const rawBody = JSON.stringify(event, null, 2);
    const header = signWebhook({ payload: rawBody, secret: 'whsec_test', timestampSeconds: Math.floor(Date.now() / 1000) });
    const ok = await sf.app.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'test-gateway-signature': header }, payload: rawBody });
    expect(ok.statusCode).toBe(200);
    const forged = await sf.app.inject({ method: 'POST', url: '/webhooks/paypal', headers: { 'content-type': 'application/json', 'test-gateway-signature': header }, payload: rawBody.replace('txn_1', 'txn_2') });
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
  });

  it('renders the pages a shopper walks through', async () => {
    const shopper = new Shopper(sf.app);
    for (const url of ['/', '/?category=kitchen', `/products/${CAKESTAND.productId}`, '/cart', '/checkout', '/orders', '/login', '/admin']) {
      const page = await shopper.get(url);
      expect(page.status, url).toBe(200);
      expect(page.type, url).toContain('text/html');
    }
    const missing = await shopper.get('/products/nope');
    expect(missing.status).toBe(404);
    expect(missing.type).toContain('text/html');
  });
});
