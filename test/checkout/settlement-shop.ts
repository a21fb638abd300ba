// A whole shop (createCommerce) on memory, Redis, PostgreSQL or mixed stores with one TestGateway, for the tests
// of orders whose capture, void or refund times out. `check` compares every order with its
// payment's ledger, the stock with its movements and the coupon's uses with the orders.
import { redisAdapters } from '../../src/adapters/redis/index.js';
import { createCommerce, memoryAdapters, Money, type CaptureMode, type CommerceStores, type Order, type PaymentRecord } from '../../src/index.js';
import { ledgerTotals } from '../../src/payment/ledger.js';
import { ManualClock, SequentialIds, TEST_TOKENS, TestGateway } from '../../src/testing/index.js';
import type { ClientKind, RedisTestSpace } from '../redis/harness.js';
import type { PgTestSpace } from '../postgres/harness.js';
import { US_ADDRESS } from './fixtures.js';

export const SKUS = ['SKU-A', 'SKU-B'] as const;
export const STOCK = 50;
const PRICES: Record<(typeof SKUS)[number], string> = { 'SKU-A': '25.00', 'SKU-B': '3.33' };
export const COUPON = 'SAVE10';

/** Where the shop keeps its state. */
export interface Backend {
  name: string;
  adapters: (clock: ManualClock) => Promise<CommerceStores>;
}

export const memoryBackend: Backend = { name: 'memory', adapters: (clock) => Promise.resolve(memoryAdapters({ clock })) };

export function redisBackend(space: RedisTestSpace, kind: ClientKind): Backend {
  return { name: `redis (${kind})`, adapters: async (clock) => redisAdapters({ client: (await space.open(kind)).client, prefix: space.prefix(), clock }) };
}

/** Every store on PostgreSQL, in a fresh schema. */
export function postgresBackend(space: PgTestSpace): Backend {
  return { name: 'postgres', adapters: async (clock) => (await space.schema({ clock })).adapters };
}

/**
 * The mixed deployment: carts, checkouts, velocity and idempotency on Redis; orders, payments,
 * inventory, promotions, the catalogue (and the recommendation stores) on PostgreSQL.
 */
export function mixedBackend(pg: PgTestSpace, redis: RedisTestSpace, kind: ClientKind): Backend {
  return {
    name: `mixed (PostgreSQL + Redis ${kind})`,
    adapters: async (clock) => {
      const durable = (await pg.schema({ clock })).adapters;
      const hot = redisAdapters({ client: (await redis.open(kind)).client, prefix: redis.prefix(), clock });
      return { ...durable, carts: hot.carts, checkouts: hot.checkouts, velocity: hot.velocity, idempotency: hot.idempotency };
    },
  };
}

export async function settlementShop(backend: Backend, options: { captureMode?: CaptureMode } = {}) {
  const clock = new ManualClock();
  const ids = new SequentialIds();
  const gateway = new TestGateway({ clock });
  const shop = createCommerce({
    adapters: await backend.adapters(clock),
    clock,
    ids,
    // One test card pays every order: velocity would rightly start refusing it.
    payments: { gateways: [gateway], fraud: { velocity: false } },
    checkout: { ...(options.captureMode ? { captureMode: options.captureMode } : {}), idempotency: { pollMs: 2 } },
  });
  for (const sku of SKUS) {
    await shop.catalog.saveProduct({ id: `p-${sku}`, name: sku, variants: [{ sku, prices: [{ currency: 'USD', amount: PRICES[sku] }] }] });
    await shop.inventory.addInventoryItem({ sku, productName: sku, onHand: STOCK, costPerUnit: { amount: '1.00', currency: 'USD' } });
  }
  await shop.cart.savePromotion({ id: COUPON.toLowerCase(), code: COUPON, kind: 'percentage', percent: '10', usageLimit: 1000 });
  let carts = 0;

  /** Places an order through checkout; `token` may leave the payment unknown (then `payment_pending`). */
  async function place(lines: Partial<Record<(typeof SKUS)[number], number>>, opts: { coupon?: boolean; token?: string } = {}): Promise<Order> {
    carts += 1;
    const cart = await shop.cart.createCart({ sessionId: `s${carts}`, currency: 'USD' });
    for (const [sku, quantity] of Object.entries(lines)) {
      await shop.cart.addItem(cart.id, { sku, quantity });
    }
    if (opts.coupon) await shop.cart.applyCoupon(cart.id, COUPON);
    const started = await shop.checkout.startCheckout({ cartId: cart.id });
    await shop.checkout.updateGuestInfo({ checkoutId: started.id, email: 'guest@example.com' });
    await shop.checkout.updateShippingInfo({ checkoutId: started.id, shippingAddress: US_ADDRESS });
    await shop.checkout.updatePaymentInfo({ checkoutId: started.id, method: 'credit_card', paymentToken: opts.token ?? TEST_TOKENS.approve });
    const placed = await shop.checkout.completeOrder({ checkoutId: started.id });
    return order(placed.orderId);
  }

  async function order(orderId: string): Promise<Order> {
    const found = await shop.orders.getOrder({ orderId });
    if (!found) throw new Error(`no order ${orderId}`);
    return found;
  }

  async function payment(o: Order): Promise<PaymentRecord> {
    return shop.payments.getPaymentRecord(o.payment.paymentId);
  }

  /** Past the grace both reconcilers give a call that may still be on its way to the gateway. */
  const pastGrace = (): void => clock.advance({ seconds: 61 });

  /**
   * Every way the orders could disagree with the money, the stock or the coupon, as a list
   * of sentences (empty when all agree).
   */
  async function check(orders: readonly Order[]): Promise<string[]> {
    const problems: string[] = [];
    const current = await Promise.all(orders.map((o) => order(o.id)));
    for (const o of current) problems.push(...orderAgainstLedger(o, await payment(o)));
    for (const sku of SKUS) {
      const status = await shop.inventory.getInventoryStatus(sku);
      const movements = await shop.inventory.listMovements({ sku, limit: 1000 });
      const kept = current.reduce((n, o) => n + o.lines.filter((l) => l.sku === sku).reduce((m, l) => m + l.quantity - l.restockedQuantity, 0), 0);
      if (status.onHand !== STOCK - kept) problems.push(`${sku}: ${status.onHand} on hand, the orders keep ${kept} of ${STOCK}`);
      if (status.reserved !== 0) problems.push(`${sku}: ${status.reserved} still reserved`);
      const moved = movements.reduce((n, m) => n + m.onHandDelta, 0);
      if (moved !== status.onHand) problems.push(`${sku}: movements add up to ${moved}, ${status.onHand} on hand`);
    }
    const usage = await shop.stores.promotions.getUsage(COUPON.toLowerCase());
    // A placed order keeps its coupon use, cancelled or not; only a placement that failed gives it back.
    const placedWithCoupon = current.filter((o) => o.couponCodes.some((c) => c.toUpperCase() === COUPON) && o.history.some((h) => h.status === 'placed' || h.status === 'paid')).length;
    if (usage.used !== placedWithCoupon) problems.push(`coupon used ${usage.used} times by ${placedWithCoupon} placed orders`);
    return problems;
  }

  return { shop, gateway, clock, ids, place, order, payment, pastGrace, check };
}

export type SettlementShop = Awaited<ReturnType<typeof settlementShop>>;

/** The order statuses each settled payment status allows. */
const ORDER_STATUSES_FOR: Record<string, readonly string[]> = {
  authorized: ['placed'],
  captured: ['paid', 'fulfilled'],
  partially_refunded: ['partially_refunded', 'fulfilled'],
  refunded: ['refunded', 'cancelled'],
  voided: ['cancelled'],
};

/** How one order disagrees with its payment's ledger (nothing when they agree). */
export function orderAgainstLedger(order: Order, record: PaymentRecord): string[] {
  const problems: string[] = [];
  const say = (what: string) => problems.push(`${order.id} (${order.status}): ${what}`);
  const t = ledgerTotals(record.ledger);
  const minor = (json: { amount: string; currency: string }) => Money.fromJSON(json).toMinorUnits();
  if (order.paymentOperation) say(`still waits on a ${order.paymentOperation.kind}`);
  if (record.ledger.some((e) => e.state === 'pending')) say('its payment has a pending ledger entry');
  if (!(ORDER_STATUSES_FOR[record.status] ?? []).includes(order.status)) say(`order status does not fit payment status ${record.status}`);
  if (order.payment.status !== record.status) say(`records payment status ${order.payment.status}, the payment is ${record.status}`);
  if (minor(order.payment.captured) !== t.captured) say(`records ${minor(order.payment.captured)} captured, the ledger ${t.captured}`);
  const refunded = order.refunds.filter((r) => r.state === 'succeeded').reduce((n, r) => n + minor(r.amount), 0);
  if (refunded !== t.refunded || minor(order.refundedTotal) !== t.refunded) say(`records ${refunded} refunded (total ${minor(order.refundedTotal)}), the ledger ${t.refunded}`);
  if (order.refunds.some((r) => r.state === 'pending')) say('has a pending refund');
  if ((order.status === 'cancelled') !== (t.voided || (order.cancelReason !== undefined && t.refunded === t.captured))) say('cancelled does not match a void or a full refund');
  if (order.status === 'cancelled' && order.lines.some((l) => l.restockedQuantity !== l.quantity)) say('is cancelled with goods not restocked');
  if (order.status === 'fulfilled' && !order.fulfilment) say('is fulfilled without a fulfilment record');
  return problems;
}
