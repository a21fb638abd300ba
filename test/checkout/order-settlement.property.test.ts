// Random sequences of order operations (some two at a time) with random gateway timeouts
// (before and after the gateway acts), declines and reconciliations. After a final reconciliation every order
// matches its payment's ledger (captured, refunded, voided, status), the stock matches the
// orders and its movements, the coupon's uses match the placed orders, and each order event
// was emitted once per status change. No call fails with anything but a clear refusal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCommerceError, Money, type CaptureMode, type Order } from '../../src/index.js';
import { TEST_TOKENS } from '../../src/testing/index.js';
import { redisSkipReason, redisTestSpace } from '../redis/harness.js';
import { pgSkipReason, pgTestSpace } from '../postgres/harness.js';
import { memoryBackend, mixedBackend, postgresBackend, redisBackend, settlementShop, SKUS, type Backend, type SettlementShop } from './settlement-shop.js';

const skipRedis = await redisSkipReason('order settlement property');
const skipPg = await pgSkipReason('order settlement property');
const space = redisTestSpace('order-settlement-property');
const pgSpace = pgTestSpace('order_settlement_property');

type Fault = 'none' | 'timeout_after' | 'timeout_before' | 'decline';
const fault = fc.constantFrom<Fault>('none', 'none', 'timeout_after', 'timeout_before', 'decline');
const target = fc.nat(2);

const placement = fc.record({
  a: fc.integer({ min: 0, max: 3 }),
  b: fc.integer({ min: 1, max: 4 }),
  coupon: fc.boolean(),
  unknownPayment: fc.boolean(),
  captureFault: fault,
});

const step = fc.oneof(
  fc.record({ op: fc.constant('markFulfilled' as const), order: target, fault }),
  fc.record({ op: fc.constant('cancelOrder' as const), order: target, fault }),
  fc.record({ op: fc.constant('refundAmount' as const), order: target, cents: fc.integer({ min: 1, max: 9000 }), fault }),
  fc.record({ op: fc.constant('refundLines' as const), order: target, sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 3 }), restock: fc.boolean(), fault }),
  fc.record({ op: fc.constant('reconcileOrder' as const), order: target }),
  fc.record({ op: fc.constant('reconcilePendingOrders' as const) }),
  fc.record({ op: fc.constant('wait' as const), seconds: fc.constantFrom(1, 61) }),
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** The refusals an order operation may answer; anything else is a defect. */
const CLEAR_REFUSALS = new Set(['ORDER_PAYMENT_PENDING', 'ORDER_INVALID_TRANSITION', 'REFUND_EXCEEDS_CAPTURED', 'PAYMENT_DECLINED', 'VALIDATION_FAILED']);

/** The gateway call the step leads to for the order as it is, if any: where a fault is injected. */
function gatewayCallOf(s: Step, order: Order): 'capture' | 'void' | 'refund' | null {
  if (s.op === 'markFulfilled') return order.status === 'placed' ? 'capture' : null;
  if (s.op === 'cancelOrder') return order.status === 'placed' ? 'void' : ['paid', 'partially_refunded'].includes(order.status) ? 'refund' : null;
  if (s.op === 'refundAmount' || s.op === 'refundLines') return ['paid', 'fulfilled', 'partially_refunded'].includes(order.status) ? 'refund' : null;
  return null;
}

function inject(t: SettlementShop, call: 'capture' | 'void' | 'refund' | null, f: Fault): void {
  if (call === null || f === 'none') return;
  t.gateway.failNext(call, f === 'decline' ? { decline: 'processing_error' } : f);
}

async function run(t: SettlementShop, s: Step, orders: Order[], alone: boolean): Promise<void> {
  if (s.op === 'wait') return t.clock.advance({ seconds: s.seconds });
  if (s.op === 'reconcilePendingOrders') {
    expect((await t.shop.checkout.reconcilePendingOrders()).errors).toEqual([]);
    return;
  }
  const order = orders[s.order % orders.length] as Order;
  const current = await t.order(order.id);
  const orderId = order.id;
  if (s.op !== 'reconcileOrder') inject(t, gatewayCallOf(s, current), s.fault);
  try {
    if (s.op === 'reconcileOrder') await t.shop.checkout.reconcileOrder({ orderId });
    if (s.op === 'markFulfilled') await t.shop.orders.markFulfilled({ orderId, carrier: 'UPS' });
    if (s.op === 'cancelOrder') await t.shop.orders.cancelOrder({ orderId });
    if (s.op === 'refundAmount') await t.shop.orders.refundOrder({ orderId, amount: Money.fromMinor(s.cents, 'USD') });
    if (s.op === 'refundLines') await t.shop.orders.refundOrder({ orderId, lines: [{ sku: s.sku, quantity: s.quantity }], restock: s.restock });
  } catch (error) {
    if (!isCommerceError(error) || !CLEAR_REFUSALS.has(error.code)) throw error;
    if (alone && error.code === 'ORDER_PAYMENT_PENDING') expect(['payment_settling', 'payment_pending']).toContain((await t.order(orderId)).status);
  }
}

/** One run: place the orders, play the steps, reconcile until nothing waits, then compare. */
async function playOut(backend: Backend, captureMode: CaptureMode, placements: (typeof placement extends fc.Arbitrary<infer P> ? P : never)[], rounds: Step[][]): Promise<void> {
  const t = await settlementShop(backend, { captureMode });
  const emitted = new Map<string, number>();
  for (const name of ['order.paid', 'order.fulfilled', 'order.cancelled'] as const) t.shop.events.on(name, () => void emitted.set(name, (emitted.get(name) ?? 0) + 1));
  const orders: Order[] = [];
  for (const p of placements) {
    if (captureMode === 'on_placement' && !p.unknownPayment) inject(t, 'capture', p.captureFault);
    const lines = { ...(p.a > 0 ? { 'SKU-A': p.a } : {}), 'SKU-B': p.b };
    orders.push(await t.place(lines, { coupon: p.coupon, ...(p.unknownPayment ? { token: TEST_TOKENS.timeoutAfterCharge } : {}) }));
  }
  // The steps of a round run concurrently, as two app instances or a resent request would.
  for (const round of rounds) await Promise.all(round.map((s) => run(t, s, orders, round.length === 1)));

  // Final reconciliation: past the grace, as many passes as it takes a placement settled in
  // one pass to have its capture (which may time out again) settled in the next.
  for (let pass = 0; pass < 3; pass++) {
    t.pastGrace();
    const report = await t.shop.checkout.reconcilePendingOrders();
    expect(report.errors).toEqual([]);
    if (report.checked === 0) break;
  }
  const final = await Promise.all(orders.map((o) => t.order(o.id)));
  expect(final.filter((o) => o.status === 'payment_settling' || o.status === 'payment_pending').map((o) => o.id)).toEqual([]);
  expect(await t.check(final)).toEqual([]);
  // Each event once per status change it reports (an order may be fulfilled again after a
  // partial refund); going back after an operation failed (reason `<kind>_failed`) reports none.
  const changesTo = (status: string) => final.reduce((n, o) => n + o.history.filter((h) => h.status === status && !h.reason?.endsWith('_failed')).length, 0);
  for (const status of ['paid', 'fulfilled', 'cancelled'] as const) expect(emitted.get(`order.${status}`) ?? 0).toBe(changesTo(status));
}

const runs = fc.tuple(
  fc.constantFrom<CaptureMode>('on_placement', 'on_fulfilment'),
  fc.array(placement, { minLength: 1, maxLength: 3 }),
  fc.array(fc.array(step, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 20 }),
);

describe('orders match their payment ledgers after random operations, timeouts and reconciliations', () => {
  it('on memory stores', async () => {
    await fc.assert(fc.asyncProperty(runs, ([mode, placements, rounds]) => playOut(memoryBackend, mode, placements, rounds)), { numRuns: 150 });
  });

  it.skipIf(skipRedis)(`on Redis stores (ioredis)${skipRedis ? ` SKIPPED: ${skipRedis}` : ''}`, async () => {
    await fc.assert(fc.asyncProperty(runs, ([mode, placements, rounds]) => playOut(redisBackend(space, 'ioredis'), mode, placements, rounds)), { numRuns: 30 });
  });

  it.skipIf(skipPg)(`on PostgreSQL stores${skipPg ? ` SKIPPED: ${skipPg}` : ''}`, async () => {
    await fc.assert(fc.asyncProperty(runs, ([mode, placements, rounds]) => playOut(postgresBackend(pgSpace), mode, placements, rounds)), { numRuns: 15 });
  });

  it.skipIf(skipPg ?? skipRedis)(`on mixed stores (PostgreSQL + Redis)${(skipPg ?? skipRedis) ? ` SKIPPED: ${skipPg ?? skipRedis}` : ''}`, async () => {
    await fc.assert(fc.asyncProperty(runs, ([mode, placements, rounds]) => playOut(mixedBackend(pgSpace, space, 'ioredis'), mode, placements, rounds)), { numRuns: 15 });
  });
});
