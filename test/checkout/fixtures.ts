/**
 * The one place checkout tests get their collaborators: the REAL cart, inventory and payment
 * services on memory adapters and a TestGateway, one clock, one id generator. Tests read
 * state through small inspection views built from the real stores (`inventory.onHand`,
 * `available`, `activeReservations`, `cart.couponUse`, `cart.carts`, `payments.charges`,
 * `payments.authorizations`, `leftovers()`), and inject failures by name through proxies
 * around the services and stores (`faults.failOn('inventory.reserveItems')`, `hangOn`).
 */
import {
  CartService,
  CatalogService,
  CheckoutService,
  EventBus,
  InventoryService,
  memoryAdapters,
  Money,
  OrdersService,
  PaymentService,
  ShippingRateTable,
  TaxRateTable,
  type CaptureMode,
  type CheckoutEvents,
  type CheckoutPaymentRequest,
  type CheckoutStore,
  type CommerceEvents,
  type CouponHold,
  type FraudRule,
  type OrderStore,
  type PaymentRecord,
  type Reservation,
  type StoredCart,
} from '../../src/index.js';
import { ManualClock, SequentialIds, TestGateway, TEST_TOKENS } from '../../src/testing/index.js';
import { ledgerTotals } from '../../src/payment/ledger.js';

import { Faults, faulty, withViews } from './fault-injection.js';

export { Faults };

export const CATALOGUE: Record<string, { productId: string; name: string; price: string }> = {
  'SKU-A': { productId: 'p-a', name: 'Widget', price: '25.00' },
  'SKU-B': { productId: 'p-b', name: 'Gadget', price: '10.00' },
  'SKU-C': { productId: 'p-c', name: 'Gizmo', price: '3.33' },
};
const TAX_RATES: Record<string, string> = { US: '0.08', CA: '0.13', GB: '0.2', DE: '0.19', FR: '0.2' };
/** The harness's coupons: code -> percent off and how many orders may use it. */
const COUPONS: Record<string, { percent: string; limit: number }> = { SAVE10: { percent: '10', limit: 100 }, ONCE: { percent: '20', limit: 1 } };

/**
 * The tokens the checkout tests use, on the real payment module. The TestGateway scripts
 * approve / decline / 3-D Secure / timeout; `tok_fraud` and `tok_review` carry a device the
 * harness's fraud settings block or send to review; `tok_unknown_fail` times out before the
 * gateway processes anything, so reconciliation finds no charge.
 */
const TOKENS: Record<string, { token: string; deviceId?: string; failBefore?: true }> = {
  tok_ok: { token: TEST_TOKENS.approve },
  tok_declined: { token: TEST_TOKENS.decline },
  tok_fraud: { token: TEST_TOKENS.approve, deviceId: 'device-blocked' },
  tok_review: { token: TEST_TOKENS.approve, deviceId: 'device-suspicious' },
  tok_3ds: { token: TEST_TOKENS.requiresAction },
  tok_unknown_ok: { token: TEST_TOKENS.timeoutAfterCharge },
  tok_unknown_fail: { token: TEST_TOKENS.approve, failBefore: true },
};

/** Scores a payment from the suspicious device high enough for review (default high = 60). */
const reviewRule: FraudRule = {
  name: 'harness-review',
  evaluate: (p) => (p.deviceId === 'device-suspicious' ? { score: 65, reasons: ['device under watch'] } : { score: 0, reasons: [] }),
};

/** A payment as the tests read it: status and money moved, as Money. */
export interface ChargeView {
  id: string;
  status: string;
  amount: Money;
  captured: Money;
  refunded: Money;
}

export const US_ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };

export function makeCheckoutHarness(options: { captureMode?: CaptureMode; stock?: number } = {}) {
  const clock = new ManualClock();
  const ids = new SequentialIds();
  const faults = new Faults();
  const events = new EventBus<CommerceEvents>();
  const emitted: { event: keyof CheckoutEvents; payload: unknown }[] = [];
  for (const name of ['checkout.started', 'checkout.failed', 'checkout.completed', 'order.payment_pending', 'order.placed', 'order.paid', 'order.fulfilled', 'order.cancelled', 'order.partially_refunded', 'order.refunded'] as const) {
    events.on(name, (payload) => void emitted.push({ event: name, payload }));
  }
  const adapters = memoryAdapters({ clock });
  const gateway = new TestGateway({ clock });
  const catalog = new CatalogService({ store: adapters.catalog, clock, events });
  const realCart = new CartService({
    catalog,
    store: adapters.carts,
    promotions: adapters.promotions,
    clock,
    ids,
    events,
    tax: new TaxRateTable({ rates: Object.entries(TAX_RATES).map(([country, standard]) => ({ country, standard })) }),
    shipping: new ShippingRateTable([
      { kind: 'free_over', id: 'standard', name: 'Standard', price: { amount: '5.00', currency: 'USD' }, threshold: { amount: '100.00', currency: 'USD' } },
      { kind: 'flat', id: 'express', name: 'Express', price: { amount: '15.00', currency: 'USD' }, countries: ['US'] },
    ]),
  });
  const realInventory = new InventoryService({ store: adapters.inventory, clock, ids, events });
  const realPayments = new PaymentService({
    store: adapters.payments,
    idempotency: adapters.idempotency,
    velocity: adapters.velocity,
    geoIp: adapters.geoIp,
    binLookup: adapters.binLookup,
    gateways: [gateway],
    // Tests pay many times with one test card: velocity would (rightly) start blocking them.
    fraud: { velocity: false, lists: { block: { devices: ['device-blocked'] } }, rules: [reviewRule] },
    clock,
    ids,
    events,
    idempotencySettings: { pollMs: 1 },
  });

  // Inspection views, refreshed from the real stores after every call the services get.
  const onHand = new Map<string, number>();
  const reservations = new Map<string, Reservation>();
  const carts = new Map<string, StoredCart>();
  const holds = new Map<string, { codes: string[]; state: 'held' | 'committed' }>();
  const usage = new Map<string, number>();
  const charges = new Map<string, ChargeView>();
  const authorized = new Set<string>();

  async function refreshStock(): Promise<void> {
    const skus = Object.keys(CATALOGUE);
    const items = await adapters.inventory.getItems(skus);
    skus.forEach((sku, i) => onHand.set(sku, items[i]?.onHand ?? 0));
    for (const id of reservations.keys()) {
      const r = await adapters.inventory.getReservation(id);
      if (r) reservations.set(id, r);
    }
  }
  async function refreshCarts(): Promise<void> {
    for (const id of [...carts.keys()]) {
      const cart = await adapters.carts.get(id, clock.now());
      if (cart) carts.set(id, cart);
      else carts.delete(id);
    }
    for (const code of Object.keys(COUPONS)) usage.set(code, (await adapters.promotions.getUsage(code.toLowerCase())).used);
  }
  async function refreshCharge(paymentId: string): Promise<void> {
    const record: PaymentRecord | null = await adapters.payments.get(paymentId);
    if (!record) return;
    const totals = ledgerTotals(record.ledger);
    const currency = record.amount.currency;
    charges.set(paymentId, {
      id: paymentId,
      status: record.status,
      amount: Money.fromJSON(record.amount),
      captured: Money.fromMinor(totals.captured, currency),
      refunded: Money.fromMinor(totals.refunded, currency),
    });
    if (['authorized', 'captured', 'unknown', 'review'].includes(record.status)) authorized.add(paymentId);
  }

  const cart = faulty(realCart, 'cart', faults, {
    after: async (name, args, result, ok) => {
      if (name === 'reserveCouponUsage' && ok) {
        const hold = result as CouponHold;
        holds.set(hold.holdId, { codes: hold.codes, state: 'held' });
      }
      const holdId = (args[0] as { holdId?: string } | undefined)?.holdId;
      const known = holdId ? holds.get(holdId) : undefined;
      if (known && ok && name === 'commitCouponUsage') known.state = 'committed';
      if (known && ok && known.state === 'held' && name === 'releaseCouponUsage') holds.delete(holdId as string);
      await refreshCarts();
    },
  });
  const inventory = faulty(realInventory, 'inventory', faults, {
    after: async (name, _args, result) => {
      if (name === 'reserveItems' && result) reservations.set((result as Reservation).id, result as Reservation);
      await refreshStock();
    },
  });
  const payments = faulty(realPayments, 'payments', faults, {
    before: (name, args) => {
      if (name !== 'processPayment') return args;
      const request = args[0] as CheckoutPaymentRequest;
      const mapped = TOKENS[request.paymentToken];
      if (!mapped) return args;
      if (mapped.failBefore) gateway.failNext('authorize', 'timeout_before');
      return [{ ...request, paymentToken: mapped.token, customer: { ...request.customer, ...(mapped.deviceId ? { deviceId: mapped.deviceId } : {}) } }, ...args.slice(1)];
    },
    after: async (_name, args, result) => {
      const id = (result as { paymentId?: string } | undefined)?.paymentId ?? (typeof args[0] === 'string' ? args[0] : undefined);
      if (id) await refreshCharge(id);
    },
  });

  const stock = options.stock ?? 10;
  for (const sku of Object.keys(CATALOGUE)) onHand.set(sku, stock);
  const setup = (async () => {
    for (const [sku, p] of Object.entries(CATALOGUE)) {
      await catalog.saveProduct({ id: p.productId, name: p.name, variants: [{ sku, prices: [{ currency: 'USD', amount: p.price }] }] });
      await realInventory.addInventoryItem({ sku, productName: p.name, onHand: stock, costPerUnit: { amount: '1.00', currency: 'USD' } });
    }
    for (const [code, c] of Object.entries(COUPONS)) await realCart.savePromotion({ id: code.toLowerCase(), code, kind: 'percentage', percent: c.percent, usageLimit: c.limit });
  })();

  const checkoutStore: CheckoutStore = faulty(adapters.checkouts, 'checkoutStore', faults);
  const orderStore: OrderStore = faulty(adapters.orders, 'orderStore', faults);
  const idempotencyStore = adapters.idempotency;
  const build = () =>
    new CheckoutService({
      store: checkoutStore, orderStore, idempotencyStore, cart, inventory, payments, clock, ids, events,
      idempotency: { pollMs: 1, waitMs: 5_000 },
      ...(options.captureMode ? { captureMode: options.captureMode } : {}),
    });
  const checkout = build();
  const orders = new OrdersService({ store: orderStore, payments, inventory, clock, ids, events });
  let cartCount = 0;

  /**
   * Puts a cart with this id straight into the real cart store (a storefront would have
   * built it with addItem, at the catalogue's prices), coupons included; the memory store
   * writes synchronously.
   */
  function addCart(id: string, lines: Record<string, number>, opts: { userId?: string; coupons?: string[] } = {}): string {
    const now = clock.now();
    const stored: StoredCart = {
      id,
      userId: opts.userId ?? null,
      sessionId: `s-${id}`,
      currency: 'USD',
      lines: Object.entries(lines).map(([sku, quantity]) => {
        const p = CATALOGUE[sku];
        if (!p) throw new Error(`no ${sku}`);
        return { productId: p.productId, sku, name: p.name, quantity, unitPrice: p.price, currency: 'USD', taxClass: 'standard', categories: [], weightGrams: 0 };
      }),
      couponCodes: opts.coupons ?? [],
      version: 1,
      createdAt: now,
      updatedAt: now,
      expiresAt: now + 86_400_000,
    };
    void adapters.carts.create(stored);
    carts.set(id, stored);
    return id;
  }

  const cartView = withViews(cart, {
    addCart,
    carts: carts,
    /** Uses of a coupon: committed (`used`) and held by orders being placed (`held`). */
    couponUse(code: string): { used: number; held: number } {
      const held = [...holds.values()].filter((h) => h.state === 'held' && h.codes.includes(code)).length;
      return { used: (usage.get(code) ?? 0) - held, held };
    },
  });
  const activeReservations = (): Reservation[] => [...reservations.values()].filter((r) => r.status === 'active' && r.expiresAt > clock.now());
  const inventoryView = withViews(inventory, {
    onHand: onHand,
    reservations: reservations,
    activeReservations,
    /** Stock that can still be sold: on hand less live reservations. */
    available(sku: string): number {
      const held = activeReservations().reduce((n, r) => n + r.lines.filter((l) => l.sku === sku).reduce((m, l) => m + l.quantity, 0), 0);
      return (onHand.get(sku) ?? 0) - held;
    },
  });
  const paymentsView = withViews(payments, {
    charges: charges,
    /** Payments that reached the gateway and were (or may have been) authorized. */
    get authorizations(): number {
      return authorized.size;
    },
    liveAuthorizations: (): ChargeView[] => [...charges.values()].filter((c) => c.status === 'authorized' || c.status === 'unknown'),
  });

  /** A checkout at review: cart, guest email, US address, payment token. */
  async function readyCheckout(opts: { lines?: Record<string, number>; coupons?: string[]; token?: string; userId?: string } = {}) {
    await setup;
    const cartId = addCart(`cart${++cartCount}`, opts.lines ?? { 'SKU-A': 2, 'SKU-B': 1 }, {
      ...(opts.userId ? { userId: opts.userId } : {}),
      ...(opts.coupons ? { coupons: opts.coupons } : {}),
    });
    const started = await checkout.startCheckout({ cartId, ...(opts.userId ? { userId: opts.userId, email: `${opts.userId}@example.com` } : {}) });
    if (!opts.userId) await checkout.updateGuestInfo({ checkoutId: started.id, email: 'guest@example.com' });
    await checkout.updateShippingInfo({ checkoutId: started.id, shippingAddress: US_ADDRESS });
    await checkout.updatePaymentInfo({ checkoutId: started.id, method: 'credit_card', paymentToken: opts.token ?? 'tok_ok' });
    return { checkoutId: started.id, cartId };
  }

  /** Stock, coupon holds and money still taken: all zero after a failed placement. */
  function leftovers() {
    return {
      reservations: activeReservations().length,
      couponHolds: [...holds.values()].filter((h) => h.state === 'held').length,
      authorizations: paymentsView.liveAuthorizations().length,
    };
  }

  return {
    clock, ids, faults, events, emitted, gateway, adapters, ready: setup, catalog,
    cart: cartView, inventory: inventoryView, payments: paymentsView,
    checkoutStore, orderStore, idempotencyStore, checkout, orders, build, readyCheckout, leftovers,
  };
}

export type CheckoutHarness = ReturnType<typeof makeCheckoutHarness>;
