// Orders whose capture, void or refund times out at the gateway, on memory, Redis, PostgreSQL
// and mixed (PostgreSQL + Redis) stores:
// after the act (the gateway did it) reconciliation moves the order on; before the act (it
// never did) the order goes back to where it was and the operation may be tried again.
// Meanwhile every order operation answers ORDER_PAYMENT_PENDING, naming the operation.
import { describe, expect, it } from 'vitest';
import { Money, OrdersService, type CaptureMode, type CheckoutPaymentsApi, type CommerceEvents, type Order } from '../../src/index.js';
import { CLIENT_KINDS, redisSkipReason, redisTestSpace } from '../redis/harness.js';
import { pgSkipReason, pgTestSpace } from '../postgres/harness.js';
import { COUPON, memoryBackend, mixedBackend, postgresBackend, redisBackend, settlementShop, type Backend, type SettlementShop } from './settlement-shop.js';

const skipRedis = await redisSkipReason('order settlement');
const skipPg = await pgSkipReason('order settlement');
const space = redisTestSpace('order-settlement');
const pgSpace = pgTestSpace('order_settlement');
const BACKENDS: { backend: Backend; skip: string | undefined }[] = [
  { backend: memoryBackend, skip: undefined },
  ...CLIENT_KINDS.map((kind) => ({ backend: redisBackend(space, kind), skip: skipRedis })),
  { backend: postgresBackend(pgSpace), skip: skipPg },
  { backend: mixedBackend(pgSpace, space, 'ioredis'), skip: skipPg ?? skipRedis },
];

type Timeout = 'timeout_after' | 'timeout_before';
type Kind = 'capture' | 'void' | 'refund';

async function expectPending(call: Promise<unknown>, kind: Kind | 'authorization'): Promise<void> {
  await expect(call).rejects.toMatchObject({ code: 'ORDER_PAYMENT_PENDING', details: { operation: kind } });
}

interface Case {
  name: string;
  captureMode: CaptureMode;
  kind: Kind;
  lines: Partial<Record<'SKU-A' | 'SKU-B', number>>;
  coupon?: boolean;
  /** The order operation whose gateway call times out; none: the capture on placement does. */
  call?: (t: SettlementShop, order: Order) => Promise<unknown>;
  /** The order once the gateway's act is known. */
  done: (placed: Order) => Record<string, unknown>;
  doneEvents: (keyof CommerceEvents)[];
  /** The order once reconciliation finds the gateway never acted. */
  undone: Record<string, unknown>;
  /** The operation tried again after it was undone (default: `call` again), and where it leads. */
  retry?: (t: SettlementShop, order: Order) => Promise<unknown>;
  retried: string;
}

const usd = (amount: string) => Money.of(amount, 'USD');
const total = (o: Order) => o.total;

const CASES: Case[] = [
  {
    name: 'markFulfilled capturing an authorized order',
    captureMode: 'on_fulfilment',
    kind: 'capture',
    lines: { 'SKU-A': 2 },
    coupon: true,
    call: (t, o) => t.shop.orders.markFulfilled({ orderId: o.id, carrier: 'UPS', trackingNumber: '1Z9' }),
    done: (o) => ({ status: 'fulfilled', payment: { status: 'captured', captured: total(o) }, fulfilment: { carrier: 'UPS', trackingNumber: '1Z9' } }),
    doneEvents: ['order.paid', 'order.fulfilled'],
    undone: { status: 'placed', payment: { status: 'authorized', captured: { amount: '0.00' } } },
    retried: 'fulfilled',
  },
  {
    // The placement stands (stock and coupon committed); only the capture waits.
    name: 'capture on placement',
    captureMode: 'on_placement',
    kind: 'capture',
    lines: { 'SKU-A': 1, 'SKU-B': 3 },
    coupon: true,
    done: (o) => ({ status: 'paid', payment: { status: 'captured', captured: total(o) } }),
    doneEvents: ['order.paid'],
    undone: { status: 'placed', payment: { status: 'authorized' } },
    retry: (t, o) => t.shop.orders.markFulfilled({ orderId: o.id }),
    retried: 'fulfilled',
  },
  {
    name: 'cancelOrder voiding an authorized order',
    captureMode: 'on_fulfilment',
    kind: 'void',
    lines: { 'SKU-A': 2, 'SKU-B': 1 },
    call: (t, o) => t.shop.orders.cancelOrder({ orderId: o.id, reason: 'changed mind' }),
    done: () => ({ status: 'cancelled', cancelReason: 'changed mind', payment: { status: 'voided' }, lines: [{ restockedQuantity: 2 }, { restockedQuantity: 1 }] }),
    doneEvents: ['order.cancelled'],
    undone: { status: 'placed', payment: { status: 'authorized' }, lines: [{ restockedQuantity: 0 }, { restockedQuantity: 0 }] },
    retried: 'cancelled',
  },
  {
    name: 'refundOrder of everything',
    captureMode: 'on_placement',
    kind: 'refund',
    lines: { 'SKU-A': 1 },
    call: (t, o) => t.shop.orders.refundOrder({ orderId: o.id, amount: Money.fromJSON(o.total), reason: 'damaged' }),
    done: (o) => ({ status: 'refunded', refundedTotal: total(o), refunds: [{ state: 'succeeded', amount: total(o) }], payment: { status: 'refunded' } }),
    doneEvents: ['order.refunded'],
    undone: { status: 'paid', refundedTotal: { amount: '0.00' }, refunds: [{ state: 'failed' }], payment: { status: 'captured' } },
    retried: 'refunded',
  },
  {
    name: 'refundOrder of part, by amount',
    captureMode: 'on_placement',
    kind: 'refund',
    lines: { 'SKU-A': 2 },
    call: (t, o) => t.shop.orders.refundOrder({ orderId: o.id, amount: usd('12.34') }),
    done: () => ({ status: 'partially_refunded', refundedTotal: { amount: '12.34' }, payment: { status: 'partially_refunded' } }),
    doneEvents: ['order.partially_refunded'],
    undone: { status: 'paid', refundedTotal: { amount: '0.00' }, payment: { status: 'captured' } },
    retried: 'partially_refunded',
  },
  {
    name: 'refundOrder of returned lines, restocked',
    captureMode: 'on_placement',
    kind: 'refund',
    lines: { 'SKU-A': 1, 'SKU-B': 3 },
    call: (t, o) => t.shop.orders.refundOrder({ orderId: o.id, lines: [{ sku: 'SKU-B', quantity: 2 }], restock: true }),
    done: () => ({ status: 'partially_refunded', lines: [{ refundedQuantity: 0 }, { sku: 'SKU-B', refundedQuantity: 2, restockedQuantity: 2 }], payment: { status: 'partially_refunded' } }),
    doneEvents: ['order.partially_refunded'],
    undone: { status: 'paid', lines: [{ refundedQuantity: 0 }, { refundedQuantity: 0, restockedQuantity: 0, refundedAmount: { amount: '0.00' } }] },
    retried: 'partially_refunded',
  },
  {
    name: 'cancelOrder refunding a captured order',
    captureMode: 'on_placement',
    kind: 'refund',
    lines: { 'SKU-A': 1, 'SKU-B': 2 },
    coupon: true,
    call: (t, o) => t.shop.orders.cancelOrder({ orderId: o.id }),
    done: (o) => ({ status: 'cancelled', refundedTotal: total(o), payment: { status: 'refunded' }, lines: [{ restockedQuantity: 1 }, { restockedQuantity: 2 }] }),
    doneEvents: ['order.cancelled'],
    undone: { status: 'paid', refundedTotal: { amount: '0.00' }, payment: { status: 'captured' }, lines: [{ restockedQuantity: 0 }, { restockedQuantity: 0 }] },
    retried: 'cancelled',
  },
];

/** Places the case's order and runs its operation with the gateway timing out `timeout`. */
async function act(t: SettlementShop, c: Case, timeout: Timeout): Promise<Order> {
  if (!c.call) t.gateway.failNext(c.kind, timeout);
  const order = await t.place(c.lines, { coupon: c.coupon ?? false });
  if (!c.call) return order;
  t.gateway.failNext(c.kind, timeout);
  await expectPending(c.call(t, order), c.kind);
  return order;
}

function recordEvents(t: SettlementShop): (keyof CommerceEvents)[] {
  const seen: (keyof CommerceEvents)[] = [];
  for (const name of ['order.paid', 'order.fulfilled', 'order.cancelled', 'order.refunded', 'order.partially_refunded'] as const) {
    t.shop.events.on(name, () => void seen.push(name));
  }
  return seen;
}

/** While the operation is unknown, every order operation says so instead of failing otherwise. */
async function expectEveryOperationPending(t: SettlementShop, order: Order, kind: Kind): Promise<void> {
  const settling = await t.order(order.id);
  expect(settling).toMatchObject({ status: 'payment_settling', paymentOperation: { kind } });
  await expectPending(t.shop.orders.markFulfilled({ orderId: order.id }), kind);
  await expectPending(t.shop.orders.cancelOrder({ orderId: order.id }), kind);
  await expectPending(t.shop.orders.refundOrder({ orderId: order.id, amount: usd('1.00') }), kind);
  expect(await t.order(order.id)).toMatchObject({ status: 'payment_settling', version: settling.version });
}

describe.each(BACKENDS)('orders settle after a gateway timeout, on $backend.name', ({ backend, skip }) => {
  describe.skipIf(skip)(`${skip ? `SKIPPED: ${skip}` : 'every operation'}`, () => {
    describe.each(CASES)('$name', (c) => {
      it('timed out after the gateway acted: found and moved on by reconcilePendingOrders', async () => {
        const t = await settlementShop(backend, { captureMode: c.captureMode });
        const order = await act(t, c, 'timeout_after');
        await expectEveryOperationPending(t, order, c.kind);
        const seen = recordEvents(t);
        const report = await t.shop.checkout.reconcilePendingOrders();
        expect(report).toMatchObject({ checked: 1, settled: [order.id], reverted: [], stillPending: [], errors: [] });
        const settled = await t.order(order.id);
        expect(settled).toMatchObject(c.done(order));
        expect(settled.paymentOperation).toBeUndefined();
        expect(seen).toEqual(c.doneEvents);
        expect(await t.check([settled])).toEqual([]);
        // Settled once: another pass finds nothing and emits nothing.
        expect(await t.shop.checkout.reconcilePendingOrders()).toMatchObject({ checked: 0 });
        expect(seen).toEqual(c.doneEvents);
      });

      it('timed out before the gateway acted: put back where it was, and may be tried again', async () => {
        const t = await settlementShop(backend, { captureMode: c.captureMode });
        const order = await act(t, c, 'timeout_before');
        await expectEveryOperationPending(t, order, c.kind);
        // Too young to tell from a call still on its way: left pending.
        expect(await t.shop.checkout.reconcilePendingOrders()).toMatchObject({ stillPending: [order.id] });
        t.pastGrace();
        expect(await t.shop.checkout.reconcilePendingOrders()).toMatchObject({ checked: 1, settled: [], reverted: [order.id], errors: [] });
        const reverted = await t.order(order.id);
        expect(reverted).toMatchObject(c.undone);
        expect(reverted.paymentOperation).toBeUndefined();
        expect(await t.check([reverted])).toEqual([]);
        await (c.retry ?? c.call)?.(t, reverted);
        expect((await t.order(order.id)).status).toBe(c.retried);
        expect(await t.check([reverted])).toEqual([]);
      });
    });

    it('an answer lost after the payment module recorded the capture: the ledger says it went through', async () => {
      const t = await settlementShop(backend, { captureMode: 'on_fulfilment' });
      const order = await t.place({ 'SKU-A': 1 });
      const real = t.shop.payments;
      const lossy: CheckoutPaymentsApi = Object.assign(Object.create(real) as CheckoutPaymentsApi, {
        capturePayment: async (...args: Parameters<CheckoutPaymentsApi['capturePayment']>) => {
          await real.capturePayment(...args);
          throw new Error('socket hang up');
        },
      });
      const orders = new OrdersService({ store: t.shop.stores.orders, payments: lossy, inventory: t.shop.inventory, clock: t.clock, ids: t.ids });
      expect(await orders.markFulfilled({ orderId: order.id })).toMatchObject({ status: 'fulfilled', payment: { status: 'captured' } });
      expect(await t.check([order])).toEqual([]);
    });

    it('a process that dies between recording the capture and calling the payment module: reverted past the grace', async () => {
      const t = await settlementShop(backend, { captureMode: 'on_fulfilment' });
      const order = await t.place({ 'SKU-A': 1 });
      const dead: CheckoutPaymentsApi = Object.assign(Object.create(t.shop.payments) as CheckoutPaymentsApi, { capturePayment: () => new Promise<never>(() => undefined) });
      const orders = new OrdersService({ store: t.shop.stores.orders, payments: dead, inventory: t.shop.inventory, clock: t.clock, ids: t.ids });
      void orders.markFulfilled({ orderId: order.id });
      for (let i = 0; i < 200 && (await t.order(order.id)).status !== 'payment_settling'; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      await expectEveryOperationPending(t, order, 'capture');
      expect(await t.shop.checkout.reconcilePendingOrders()).toMatchObject({ stillPending: [order.id] });
      t.pastGrace();
      expect(await t.shop.checkout.reconcilePendingOrders()).toMatchObject({ reverted: [order.id] });
      expect(await t.shop.orders.markFulfilled({ orderId: order.id })).toMatchObject({ status: 'fulfilled' });
      expect(await t.check([order])).toEqual([]);
    });

    it('reconcileOrder settles one order, concurrent reconcilers settle it once', async () => {
      const t = await settlementShop(backend, { captureMode: 'on_fulfilment' });
      const order = await t.place({ 'SKU-B': 4 });
      t.gateway.failNext('void', 'timeout_after');
      await expectPending(t.shop.orders.cancelOrder({ orderId: order.id }), 'void');
      const seen = recordEvents(t);
      const [a, b] = await Promise.all([t.shop.checkout.reconcileOrder({ orderId: order.id }), t.shop.checkout.reconcileOrder({ orderId: order.id })]);
      expect([a.status, b.status]).toEqual(['cancelled', 'cancelled']);
      expect(seen).toEqual(['order.cancelled']);
      expect((await t.shop.inventory.getInventoryStatus('SKU-B')).onHand).toBe(50);
      expect(await t.check([a])).toEqual([]);
    });

    it('a refund resent with its key while pending answers the order; the gateway is asked once', async () => {
      const t = await settlementShop(backend);
      const order = await t.place({ 'SKU-A': 1 }, { coupon: true });
      t.gateway.failNext('refund', 'timeout_after');
      const request = { orderId: order.id, amount: usd('5.00'), idempotencyKey: 'rma-1' };
      await expectPending(t.shop.orders.refundOrder(request), 'refund');
      expect(await t.shop.orders.refundOrder(request)).toMatchObject({ status: 'payment_settling', refunds: [{ state: 'pending' }] });
      await t.shop.checkout.reconcileOrder({ orderId: order.id });
      expect(await t.shop.orders.refundOrder(request)).toMatchObject({ status: 'partially_refunded', refundedTotal: { amount: '5.00' } });
      expect(t.gateway.calls.filter((call) => call.op === 'refund')).toHaveLength(1);
      expect(await t.check([order])).toEqual([]);
    });

    it('an order whose placement payment is unknown says so too, and both kinds are reconciled in one pass', async () => {
      const t = await settlementShop(backend, { captureMode: 'on_fulfilment' });
      const unknown = await t.place({ 'SKU-A': 1 }, { token: 'tok_timeout_after_charge', coupon: true });
      expect(unknown.status).toBe('payment_pending');
      await expectPending(t.shop.orders.cancelOrder({ orderId: unknown.id }), 'authorization');
      await expectPending(t.shop.orders.markFulfilled({ orderId: unknown.id }), 'authorization');
      const placed = await t.place({ 'SKU-B': 1 });
      t.gateway.failNext('capture', 'timeout_after');
      await expectPending(t.shop.orders.markFulfilled({ orderId: placed.id }), 'capture');
      const report = await t.shop.checkout.reconcilePendingOrders();
      expect(report).toMatchObject({ checked: 2, placed: [unknown.id], settled: [placed.id], errors: [] });
      const orders = [await t.order(unknown.id), await t.order(placed.id)];
      expect(orders.map((o) => o.status)).toEqual(['placed', 'fulfilled']);
      expect(await t.check(orders)).toEqual([]);
      expect((await t.shop.stores.promotions.getUsage(COUPON.toLowerCase())).used).toBe(1);
    });
  });
});
