// The storefront's durable mail subscriber on memory stores: a confirmation per placed order;
// a send that fails past maxAttempts is listed on the admin page and its JSON endpoint, and the
// replay button sends it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_CARDS } from '../../src/testing/index.js';
import { buildStorefront, type StorefrontApp } from '../../examples/storefront/app.js';
import type { Confirmation } from '../../examples/storefront/mail.js';
import { checkOutAsGuest, Shopper } from './client.js';

let sf: StorefrontApp;
let mailDown = false;
const sends: Confirmation[] = [];

beforeAll(async () => {
  sf = await buildStorefront({
    adminToken: 'admin-secret',
    history: 'none',
    sendConfirmation: (c) => {
      sends.push(c);
      if (mailDown) throw new Error('mail provider unavailable');
    },
    mailOptions: { maxAttempts: 3, backoff: { baseMs: 1, maxMs: 1 }, pollMs: 1 },
  });
});
afterAll(async () => sf.app.close());

async function placeOrder(email: string) {
  const guest = new Shopper(sf.app);
  expect((await guest.post('/api/cart/items', { sku: 'SKU-22720', quantity: 1 })).status).toBe(201);
  const placed = await checkOutAsGuest(guest, TEST_CARDS.visa, email);
  expect(placed.status).toBe(201);
  return placed;
}

async function signedInAdmin(): Promise<Shopper> {
  const admin = new Shopper(sf.app);
  expect((await admin.post('/api/admin/login', { token: 'admin-secret' })).status).toBe(200);
  return admin;
}

describe('storefront: durable order confirmations', () => {
  it('sends one confirmation per placed order, shown on the admin page', async () => {
    const placed = await placeOrder('grace@example.com');
    const number = placed.body.orderNumber as string;
    await vi.waitFor(() => expect(sends.filter((c) => c.orderNumber === number)).toHaveLength(1), { timeout: 5000, interval: 5 });
    const page = await (await signedInAdmin()).get('/admin');
    expect(page.body.text).toContain(`Confirmation sent for ${number} to grace@example.com`);
    expect((await new Shopper(sf.app).get('/api/admin/dead-letters')).status).toBe(404);
  });

  it('lists a send that failed past maxAttempts as a dead letter, and replays it', async () => {
    const admin = await signedInAdmin();
    mailDown = true;
    const placed = await placeOrder('hopper@example.com');
    const number = placed.body.orderNumber as string;
    const listed = await vi.waitFor(
      async () => {
        const { body } = await admin.get('/api/admin/dead-letters');
        expect(body.events).toHaveLength(1);
        return body;
      },
      { timeout: 5000, interval: 5 },
    );
    expect(listed).toMatchObject({ available: true, group: 'storefront-mail' });
    const [letter] = listed.events as { id: string; type: string; attempts: number; error: string }[];
    expect(letter).toMatchObject({ type: 'order.placed', attempts: 3, error: 'mail provider unavailable' });
    expect(sends.filter((c) => c.orderNumber === number)).toHaveLength(3);
    expect(sf.storefront.mail.sent.has(placed.body.orderId as string)).toBe(false);
    const page = await admin.get('/admin');
    expect(page.body.text).toContain(`Replay ${letter?.id}`);
    expect(page.body.text).not.toContain(`Confirmation sent for ${number}`);

    // Still down: the replay fails and the letter stays.
    expect((await admin.post('/api/admin/dead-letters/replay', { id: letter?.id })).body).toEqual({ replayed: 0, failed: 1 });
    expect((await admin.get('/api/admin/dead-letters')).body.events).toHaveLength(1);

    mailDown = false;
    expect((await admin.post('/api/admin/dead-letters/replay', { id: letter?.id })).body).toEqual({ replayed: 1, failed: 0 });
    expect((await admin.get('/api/admin/dead-letters')).body.events).toEqual([]);
    expect((await admin.get('/admin')).body.text).toContain(`Confirmation sent for ${number} to hopper@example.com`);
    expect(sends.filter((c) => c.orderNumber === number)).toHaveLength(5);
  });
});
