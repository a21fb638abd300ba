// Checkouts while the server kills the library's connections: pg_terminate_backend on every
// backend of the shop's pool (found by its application_name) every 30 ms during a burst of
// completeOrder calls. Every call answers, fails with STORE_UNAVAILABLE, or is a placement the
// saga undid whole because a store did not answer (CHECKOUT_FAILED naming STORE_UNAVAILABLE,
// no undo step failed: the shopper may simply ask again); afterwards no step
// is half-written: each SKU's stock is the replay of its movement ledger, its reservations
// have exactly their movements, every order has its payment, every applied step its answer.
import { describe, expect, it } from 'vitest';
import { postgresAdapters } from '../../src/adapters/postgres/index.js';
import { createCommerce, isCommerceError, type Commerce } from '../../src/index.js';
import { TEST_TOKENS, TestGateway } from '../../src/testing/index.js';
import { US_ADDRESS } from '../checkout/fixtures.js';
import { PG_URL, pgSkipReason, pgTestSpace } from './harness.js';
import pg from 'pg';

const skip = await pgSkipReason('connection kills');
const space = pgTestSpace('connection_kills');
const SHOPPERS = 24;
const KILL_EVERY_MS = 30;

/** Asks again while the outcome is unknown, as a client would, until it has an answer. */
async function untilAnswered<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const retry = isCommerceError(error, 'STORE_UNAVAILABLE') || isCommerceError(error, 'IDEMPOTENCY_IN_PROGRESS') || (isCommerceError(error, 'CHECKOUT_FAILED') && error.details.code === 'STORE_UNAVAILABLE');
      if (!retry || attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function readyCheckout(shop: Commerce, n: number): Promise<string> {
  const cart = await shop.cart.createCart({ sessionId: `s${n}`, currency: 'USD' });
  await shop.cart.addItem(cart.id, { sku: n % 2 === 0 ? 'MUG' : 'CUP', quantity: 1 + (n % 3) });
  const started = await shop.checkout.startCheckout({ cartId: cart.id });
  await shop.checkout.updateGuestInfo({ checkoutId: started.id, email: `guest${n}@example.com` });
  await shop.checkout.updateShippingInfo({ checkoutId: started.id, shippingAddress: US_ADDRESS });
  await shop.checkout.updatePaymentInfo({ checkoutId: started.id, method: 'credit_card', paymentToken: TEST_TOKENS.approve });
  return started.id;
}

describe.skipIf(skip)(`PostgreSQL connections killed during checkouts${skip ? ` SKIPPED: ${skip}` : ''}`, { timeout: 120_000 }, () => {
  it('every call answers or is STORE_UNAVAILABLE, and nothing is half-written', async () => {
    const { schema } = await space.schema();
    const appName = `ck-kill-${schema.slice(-8)}`;
    const pool = new pg.Pool({ connectionString: PG_URL, max: 8, application_name: appName });
    pool.on('error', () => undefined);
    const killer = new pg.Client({ connectionString: PG_URL });
    await killer.connect();
    try {
      const gateway = new TestGateway();
      const adapters = postgresAdapters({ pool, schema });
      const shop = createCommerce({ adapters, payments: { gateways: [gateway], fraud: { velocity: false } }, checkout: { idempotency: { pollMs: 10, waitMs: 2_000, lockMs: 1_000 } } });
      for (const sku of ['MUG', 'CUP']) {
        await shop.catalog.saveProduct({ id: sku.toLowerCase(), name: sku, variants: [{ sku, prices: [{ currency: 'USD', amount: '12.50' }] }] });
        await shop.inventory.addInventoryItem({ sku, productName: sku, onHand: 100, costPerUnit: { amount: '4.00', currency: 'USD' } });
      }
      const checkoutIds: string[] = [];
      for (let n = 0; n < SHOPPERS; n++) checkoutIds.push(await readyCheckout(shop, n));

      let killing = true;
      let kills = 0;
      const killLoop = (async () => {
        while (killing) {
          const { rows } = await killer.query<{ killed: boolean }>('SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()', [appName]);
          kills += rows.filter((r) => r.killed).length;
          await new Promise((resolve) => setTimeout(resolve, KILL_EVERY_MS));
        }
      })();
      const outcomes = await Promise.allSettled(checkoutIds.map((checkoutId) => shop.checkout.completeOrder({ checkoutId })));
      killing = false;
      await killLoop;

      expect(kills).toBeGreaterThan(0);
      const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      const undoneWhole = (e: unknown) => isCommerceError(e, 'CHECKOUT_FAILED') && e.details.code === 'STORE_UNAVAILABLE' && e.details.compensationErrors === undefined;
      expect(refusals.filter((e) => !isCommerceError(e, 'STORE_UNAVAILABLE') && !undoneWhole(e)).map(String)).toEqual([]);

      // The connections are back: each shopper asks again until answered, and has one order.
      const answers = await Promise.all(checkoutIds.map((checkoutId) => untilAnswered(() => shop.checkout.completeOrder({ checkoutId }))));
      expect(new Set(answers.map((a) => a.orderId)).size).toBe(SHOPPERS);
      await shop.checkout.reconcilePendingOrders();

      const q = async <R>(text: string): Promise<R[]> => (await space.pool().query<R & Record<string, unknown>>(text.replaceAll('$S', `"${schema}"`))).rows;
      // Stock is the replay of its ledger, and reserved is what the active reservations hold.
      const stock = await q<{ sku: string; on_hand: string; reserved: string; ledger_on_hand: string; ledger_reserved: string; held: string }>(
        `SELECT i.sku, i.on_hand, i.reserved,
                (SELECT coalesce(sum(on_hand_delta), 0) FROM $S.stock_movements m WHERE m.sku = i.sku) AS ledger_on_hand,
                (SELECT coalesce(sum(reserved_delta), 0) FROM $S.stock_movements m WHERE m.sku = i.sku) AS ledger_reserved,
                (SELECT coalesce(sum((l->>'quantity')::bigint), 0) FROM $S.reservations r, jsonb_array_elements(r.lines) l WHERE r.status = 'active' AND l->>'sku' = i.sku) AS held
           FROM $S.inventory_items i`,
      );
      for (const s of stock) expect([s.sku, s.on_hand, s.reserved]).toEqual([s.sku, s.ledger_on_hand, s.ledger_reserved]);
      for (const s of stock) expect([s.sku, s.reserved]).toEqual([s.sku, s.held]);
      // Each reservation has one reservation movement per line, and one sale or release per line once settled.
      const mismatched = await q<{ id: string }>(
        `SELECT r.id FROM $S.reservations r
          WHERE jsonb_array_length(r.lines) <> (SELECT count(*) FROM $S.stock_movements m WHERE m.reservation_id = r.id AND m.kind = 'reservation')
             OR (CASE WHEN r.status = 'active' THEN 0 ELSE jsonb_array_length(r.lines) END)
                <> (SELECT count(*) FROM $S.stock_movements m WHERE m.reservation_id = r.id AND m.kind IN ('sale', 'release'))`,
      );
      expect(mismatched).toEqual([]);
      // Every order has its payment, authorized once; every applied step recorded its answer.
      const orphans = await q<{ id: string }>(`SELECT o.id FROM $S.orders o LEFT JOIN $S.payments p ON p.id = o.doc->'payment'->>'paymentId' WHERE p.id IS NULL`);
      expect(orphans).toEqual([]);
      const doubles = await q<{ id: string }>(`SELECT p.id FROM $S.payments p WHERE (SELECT count(*) FROM jsonb_array_elements(p.doc->'ledger') e WHERE e->>'kind' = 'authorization') <> 1`);
      expect(doubles).toEqual([]);
      const unanswered = await q<{ op_id: string }>(`SELECT op_id FROM $S.applied_ops WHERE answer IS NULL`);
      expect(unanswered).toEqual([]);
      const sold = stock.reduce((n, s) => n + 100 - Number(s.on_hand), 0);
      const ordered = (await Promise.all(answers.map((a) => shop.orders.getOrder({ orderId: a.orderId })))).reduce((n, o) => n + (o?.lines.reduce((m, l) => m + l.quantity, 0) ?? 0), 0);
      expect(sold).toBe(ordered);
    } finally {
      await killer.end();
      await pool.end();
    }
  });
});
