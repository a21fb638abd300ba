/**
 * The one place checkout tests get their collaborators. The three fakes below behave like
 * the cart, inventory and payment services promise to (real stock counts, coupon use limits,
 * authorization state, idempotency keys) and fail where those would. To run the whole suite
 * on the real services, build them in `makeCheckoutHarness` instead and keep the inspection
 * helpers (`stockOf`, `couponUse`, `liveAuthorizations`) answering from them.
 */
import {
  CheckoutService,
  CommerceError,
  EventBus,
  MemoryCheckoutStore,
  MemoryIdempotencyStore,
  MemoryOrderStore,
  Money,
  OrdersService,
  type CaptureMode,
  type CheckoutCartApi,
  type CheckoutEvents,
  type CheckoutInventoryApi,
  type CheckoutPaymentRequest,
  type CheckoutPaymentResult,
  type CheckoutPaymentsApi,
  type CheckoutPriceOptions,
  type CheckoutPricedCart,
  type CheckoutReservation,
  type CheckoutStockLine,
  type CheckoutStore,
  type OrderStore,
} from '../../src/index.js';
import { ManualClock, SequentialIds } from '../../src/testing/index.js';

/** Lets other calls interleave, as a network hop would. */
const hop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const HANG = Symbol('hang');

/** Failures injected by name (`inventory.reserveItems`, `orderStore.create`, ...). */
export class Faults {
  private readonly planned = new Map<string, { error: unknown; skip: number; times: number }>();
  readonly calls = new Map<string, number>();
  /** The next call of `name` (after `skip` calls that pass) throws `error`, `times` times. */
  failOn(name: string, error: unknown = new CommerceError('STORE_UNAVAILABLE', { reason: `injected at ${name}` }), options: { skip?: number; times?: number } = {}): void {
    this.planned.set(name, { error, skip: options.skip ?? 0, times: options.times ?? 1 });
  }
  /** The next call of `name` never returns: the process died there. */
  hangOn(name: string, skip = 0): void {
    this.planned.set(name, { error: HANG, skip, times: 1 });
  }
  clear(): void {
    this.planned.clear();
  }
  async hit(name: string): Promise<void> {
    this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    await hop();
    const plan = this.planned.get(name);
    if (!plan || plan.times <= 0) return;
    if (plan.skip > 0) {
      plan.skip -= 1;
      return;
    }
    plan.times -= 1;
    if (plan.error === HANG) await new Promise<never>(() => undefined);
    throw plan.error;
  }
}

/** Wraps a store so injected faults hit its members (`<prefix>.<member>`). */
function faulty<S extends object>(store: S, prefix: string, faults: Faults): S {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await faults.hit(`${prefix}.${String(prop)}`);
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
}

export const CATALOGUE: Record<string, { productId: string; name: string; price: string }> = {
  'SKU-A': { productId: 'p-a', name: 'Widget', price: '25.00' },
  'SKU-B': { productId: 'p-b', name: 'Gadget', price: '10.00' },
  'SKU-C': { productId: 'p-c', name: 'Gizmo', price: '3.33' },
};
const TAX_RATES: Record<string, string> = { US: '0.08', CA: '0.13', GB: '0.2', DE: '0.19', FR: '0.2' };

/** The cart as the cart module's contract describes it (checkout reads only part of it). */
interface ContractCart {
  id: string;
  userId?: string;
  sessionId: string;
  currency: string;
  lines: { productId: string; sku: string; name: string; quantity: number; unitPrice: Money }[];
  couponCodes: string[];
  version: number;
  expiresAt: number;
}

interface Coupon { percent: string; limit: number; used: number; held: Set<string>; committed: Set<string> }

export class FakeCart implements CheckoutCartApi {
  readonly carts = new Map<string, ContractCart>();
  readonly coupons = new Map<string, Coupon>();
  constructor(private readonly faults: Faults, private readonly clock: ManualClock) {}

  addCart(id: string, lines: Record<string, number>, options: { userId?: string; coupons?: string[] } = {}): string {
    this.carts.set(id, {
      id,
      ...(options.userId ? { userId: options.userId } : {}),
      sessionId: `s-${id}`,
      currency: 'USD',
      lines: Object.entries(lines).map(([sku, quantity]) => {
        const p = CATALOGUE[sku];
        if (!p) throw new Error(`no ${sku}`);
        return { productId: p.productId, sku, name: p.name, quantity, unitPrice: Money.of(p.price, 'USD') };
      }),
      couponCodes: options.coupons ?? [],
      version: 1,
      expiresAt: this.clock.now() + 86_400_000,
    });
    return id;
  }
  addCoupon(code: string, percent: string, limit: number): void {
    this.coupons.set(code, { percent, limit, used: 0, held: new Set(), committed: new Set() });
  }
  couponUse(code: string): { used: number; held: number } {
    const c = this.coupons.get(code);
    return { used: c?.used ?? 0, held: c?.held.size ?? 0 };
  }

  async getCart(cartId: string): Promise<ContractCart | null> {
    await this.faults.hit('cart.getCart');
    const cart = this.carts.get(cartId);
    return cart ? { ...cart, lines: [...cart.lines] } : null;
  }

  async priceCart(cartId: string, options: CheckoutPriceOptions): Promise<CheckoutPricedCart> {
    await this.faults.hit('cart.priceCart');
    const cart = this.carts.get(cartId);
    if (!cart) throw new CommerceError('CART_NOT_FOUND', { cartId });
    const zero = Money.zero('USD');
    const subtotals = cart.lines.map((l) => l.unitPrice.multiply(l.quantity));
    const subtotal = Money.sum(subtotals, 'USD');
    let discountTotal = zero;
    const appliedPromotions: CheckoutPricedCart['appliedPromotions'][number][] = [];
    for (const code of cart.couponCodes) {
      const coupon = this.coupons.get(code);
      if (!coupon) throw new CommerceError('COUPON_NOT_FOUND', { code });
      if (coupon.used >= coupon.limit) throw new CommerceError('COUPON_USAGE_LIMIT', { code });
      const amount = subtotal.subtract(discountTotal).multiply(coupon.percent).round();
      discountTotal = discountTotal.add(amount);
      appliedPromotions.push({ id: `promo-${code}`, code, kind: 'percent', amount });
    }
    const discounts = subtotal.isZero() ? subtotals.map(() => zero) : discountTotal.allocate(subtotals.map((s) => s.amount));
    const rate = options.destination ? (TAX_RATES[options.destination.country] ?? '0') : '0';
    const lines = cart.lines.map((l, i) => {
      const lineSubtotal = subtotals[i] ?? zero;
      const discount = discounts[i] ?? zero;
      const tax = lineSubtotal.subtract(discount).multiply(rate).round();
      return { ...l, subtotal: lineSubtotal, discount, tax, total: lineSubtotal.subtract(discount).add(tax) };
    });
    const shippingOptions = options.destination
      ? [
          { id: 'standard', name: 'Standard', price: subtotal.subtract(discountTotal).greaterThanOrEqual(Money.of('100', 'USD')) ? zero : Money.of('5.00', 'USD') },
          ...(options.destination.country === 'US' ? [{ id: 'express', name: 'Express', price: Money.of('15.00', 'USD') }] : []),
        ]
      : [];
    const chosen = shippingOptions.find((o) => o.id === options.shippingOptionId) ?? shippingOptions[0];
    const taxTotal = Money.sum(lines.map((l) => l.tax), 'USD');
    const shippingPrice = chosen ? chosen.price : zero;
    return {
      currency: 'USD',
      lines,
      subtotal,
      discountTotal,
      taxTotal,
      total: subtotal.subtract(discountTotal).add(taxTotal).add(shippingPrice),
      shipping: chosen ? { optionId: chosen.id, name: chosen.name, price: chosen.price } : null,
      shippingOptions,
      itemCount: cart.lines.reduce((n, l) => n + l.quantity, 0),
      appliedPromotions,
    };
  }

  async reserveCouponUsage(input: { cartId: string; holdId: string }): Promise<{ holdId: string; cartId: string; codes: string[] }> {
    await this.faults.hit('cart.reserveCouponUsage');
    const cart = this.carts.get(input.cartId);
    if (!cart) throw new CommerceError('CART_NOT_FOUND', { cartId: input.cartId });
    const coupons = cart.couponCodes.map((code) => [code, this.coupons.get(code)] as const);
    for (const [code, c] of coupons) {
      if (!c) throw new CommerceError('COUPON_NOT_FOUND', { code });
      if (!c.held.has(input.holdId) && c.used + c.held.size >= c.limit) throw new CommerceError('COUPON_USAGE_LIMIT', { code });
    }
    for (const [, c] of coupons) c?.held.add(input.holdId);
    return { holdId: input.holdId, cartId: input.cartId, codes: [...cart.couponCodes] };
  }
  async commitCouponUsage(hold: { holdId: string }): Promise<void> {
    await this.faults.hit('cart.commitCouponUsage');
    for (const c of this.coupons.values()) {
      if (c.held.delete(hold.holdId)) {
        c.committed.add(hold.holdId);
        c.used += 1;
      }
    }
  }
  async releaseCouponUsage(hold: { holdId: string }): Promise<void> {
    await this.faults.hit('cart.releaseCouponUsage');
    for (const c of this.coupons.values()) c.held.delete(hold.holdId);
  }
  async deleteCart(cartId: string): Promise<void> {
    await this.faults.hit('cart.deleteCart');
    this.carts.delete(cartId);
  }
}

interface Held { id: string; lines: CheckoutStockLine[]; status: 'active' | 'confirmed' | 'released'; expiresAt: number }

export class FakeInventory implements CheckoutInventoryApi {
  readonly onHand = new Map<string, number>();
  readonly reservations = new Map<string, Held>();
  private next = 0;
  constructor(private readonly faults: Faults, private readonly clock: ManualClock) {}

  /** Stock that can still be sold: on hand less live reservations. */
  available(sku: string): number {
    return (this.onHand.get(sku) ?? 0) - this.reservedOf(sku);
  }
  activeReservations(): Held[] {
    return [...this.reservations.values()].filter((r) => r.status === 'active' && r.expiresAt > this.clock.now());
  }
  private reservedOf(sku: string): number {
    return this.activeReservations().reduce((n, r) => n + r.lines.filter((l) => l.sku === sku).reduce((m, l) => m + l.quantity, 0), 0);
  }
  private shortages(lines: readonly CheckoutStockLine[]) {
    const wanted = new Map<string, number>();
    for (const l of lines) wanted.set(l.sku, (wanted.get(l.sku) ?? 0) + l.quantity);
    return [...wanted].filter(([sku, q]) => this.available(sku) < q).map(([sku, requested]) => ({ sku, requested, available: this.available(sku) }));
  }
  private view(r: Held): CheckoutReservation & { lines: CheckoutStockLine[]; status: string; expiresAt: number } {
    return { id: r.id, lines: r.lines.map((l) => ({ ...l })), status: r.status, expiresAt: r.expiresAt };
  }

  async checkAvailability(lines: readonly CheckoutStockLine[]) {
    await this.faults.hit('inventory.checkAvailability');
    const shortages = this.shortages(lines);
    return { available: shortages.length === 0, shortages };
  }
  async reserveItems(lines: readonly CheckoutStockLine[], options: { ttlMs?: number }): Promise<CheckoutReservation> {
    await this.faults.hit('inventory.reserveItems');
    for (const l of lines) if (!this.onHand.has(l.sku)) throw new CommerceError('SKU_NOT_FOUND', { sku: l.sku });
    const shortages = this.shortages(lines);
    if (shortages.length > 0) throw new CommerceError('INSUFFICIENT_INVENTORY', { shortages });
    const held: Held = { id: `res_${++this.next}`, lines: lines.map((l) => ({ ...l })), status: 'active', expiresAt: this.clock.now() + (options.ttlMs ?? 900_000) };
    this.reservations.set(held.id, held);
    return this.view(held);
  }
  async confirmReservation(id: string) {
    await this.faults.hit('inventory.confirmReservation');
    const r = this.reservations.get(id);
    if (!r) throw new CommerceError('RESERVATION_NOT_FOUND', { id });
    if (r.status === 'confirmed') return { changed: false, reservation: this.view(r) };
    if (r.status !== 'active' || r.expiresAt <= this.clock.now()) throw new CommerceError('RESERVATION_NOT_ACTIVE', { id });
    for (const l of r.lines) this.onHand.set(l.sku, (this.onHand.get(l.sku) ?? 0) - l.quantity);
    r.status = 'confirmed';
    return { changed: true, reservation: this.view(r) };
  }
  async releaseReservation(id: string) {
    await this.faults.hit('inventory.releaseReservation');
    const r = this.reservations.get(id);
    if (!r) throw new CommerceError('RESERVATION_NOT_FOUND', { id });
    if (r.status === 'confirmed') throw new CommerceError('RESERVATION_NOT_ACTIVE', { id });
    const changed = r.status === 'active';
    r.status = 'released';
    return { changed, reservation: this.view(r) };
  }
  async updateStock(sku: string, quantity: number, operation: 'add'): Promise<void> {
    await this.faults.hit('inventory.updateStock');
    if (operation !== 'add' || !this.onHand.has(sku)) throw new CommerceError('SKU_NOT_FOUND', { sku });
    this.onHand.set(sku, (this.onHand.get(sku) ?? 0) + quantity);
  }
}

interface Charge { id: string; amount: Money; status: string; captured: Money; refunded: Money; eventually?: 'authorized' | 'failed' }

/**
 * Tokens: `tok_ok` authorizes, `tok_declined` is declined, `tok_fraud` is blocked,
 * `tok_3ds` needs action, `tok_review` is held for review, `tok_unknown_ok` /
 * `tok_unknown_fail` time out and later reconcile to authorized / failed.
 */
export class FakePayments implements CheckoutPaymentsApi {
  readonly charges = new Map<string, Charge>();
  readonly byKey = new Map<string, string>();
  authorizations = 0;
  constructor(private readonly faults: Faults) {}

  liveAuthorizations(): Charge[] {
    return [...this.charges.values()].filter((c) => c.status === 'authorized' || c.status === 'unknown');
  }
  private result(c: Charge, errorCode?: string): CheckoutPaymentResult & { success: boolean } {
    return { paymentId: c.id, status: c.status, success: c.status === 'authorized' || c.status === 'captured', ...(errorCode ? { errorCode } : {}) };
  }
  private get(id: string): Charge {
    const c = this.charges.get(id);
    if (!c) throw new CommerceError('PAYMENT_NOT_FOUND', { id });
    return c;
  }

  async processPayment(request: CheckoutPaymentRequest): Promise<CheckoutPaymentResult> {
    await this.faults.hit('payments.processPayment');
    if (!request.amount.isPositive() || !request.amount.isRounded()) throw new CommerceError('INVALID_AMOUNT', { amount: request.amount.amount });
    const known = request.idempotencyKey ? this.byKey.get(request.idempotencyKey) : undefined;
    if (known) return this.result(this.get(known));
    const zero = Money.zero(request.amount.currency);
    const outcomes: Record<string, [string, Charge['eventually']?]> = {
      tok_ok: ['authorized'], tok_declined: ['failed'], tok_fraud: ['blocked'], tok_3ds: ['requires_action'],
      tok_review: ['review', 'authorized'], tok_unknown_ok: ['unknown', 'authorized'], tok_unknown_fail: ['unknown', 'failed'],
    };
    const [status, eventually] = outcomes[request.paymentToken] ?? ['failed'];
    const charge: Charge = { id: `pay_${this.charges.size + 1}`, amount: request.amount, status, captured: zero, refunded: zero, ...(eventually ? { eventually } : {}) };
    if (status === 'authorized' && request.capture) {
      charge.status = 'captured';
      charge.captured = request.amount;
    }
    if (status === 'authorized' || status === 'unknown' || status === 'review') this.authorizations += 1;
    this.charges.set(charge.id, charge);
    if (request.idempotencyKey) this.byKey.set(request.idempotencyKey, charge.id);
    return this.result(charge, status === 'failed' ? 'card_declined' : undefined);
  }
  async capturePayment(id: string, options: { amount?: Money }): Promise<CheckoutPaymentResult> {
    await this.faults.hit('payments.capturePayment');
    const c = this.get(id);
    if (c.status === 'captured') return this.result(c);
    if (c.status !== 'authorized') throw new CommerceError('PAYMENT_INVALID_TRANSITION', { id, status: c.status });
    const amount = options.amount ?? c.amount;
    if (amount.greaterThan(c.amount)) throw new CommerceError('CAPTURE_EXCEEDS_AUTHORIZED', { id });
    c.status = 'captured';
    c.captured = amount;
    return this.result(c);
  }
  async voidPayment(id: string): Promise<CheckoutPaymentResult> {
    await this.faults.hit('payments.voidPayment');
    const c = this.get(id);
    if (c.status === 'voided') return this.result(c);
    if (c.status !== 'authorized') throw new CommerceError('PAYMENT_INVALID_TRANSITION', { id, status: c.status });
    c.status = 'voided';
    return this.result(c);
  }
  async refundPayment(id: string, options: { amount?: Money; idempotencyKey?: string }): Promise<CheckoutPaymentResult> {
    await this.faults.hit('payments.refundPayment');
    const c = this.get(id);
    if (options.idempotencyKey && this.byKey.has(options.idempotencyKey)) return this.result(c);
    if (c.status !== 'captured' && c.status !== 'partially_refunded') throw new CommerceError('PAYMENT_INVALID_TRANSITION', { id, status: c.status });
    const amount = options.amount ?? c.captured.subtract(c.refunded);
    if (amount.greaterThan(c.captured.subtract(c.refunded))) throw new CommerceError('REFUND_EXCEEDS_CAPTURED', { id });
    c.refunded = c.refunded.add(amount);
    c.status = c.refunded.equals(c.captured) ? 'refunded' : 'partially_refunded';
    if (options.idempotencyKey) this.byKey.set(options.idempotencyKey, id);
    return this.result(c);
  }
  async reconcilePayment(id: string): Promise<CheckoutPaymentResult> {
    await this.faults.hit('payments.reconcilePayment');
    const c = this.get(id);
    if ((c.status === 'unknown' || c.status === 'review') && c.eventually) c.status = c.eventually;
    return this.result(c);
  }
  async getPayment(id: string): Promise<CheckoutPaymentResult | null> {
    await this.faults.hit('payments.getPayment');
    const c = this.charges.get(id);
    return c ? this.result(c) : null;
  }
}

export const US_ADDRESS = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };

export function makeCheckoutHarness(options: { captureMode?: CaptureMode; stock?: number } = {}) {
  const clock = new ManualClock();
  const ids = new SequentialIds();
  const faults = new Faults();
  const events = new EventBus<CheckoutEvents>();
  const emitted: { event: keyof CheckoutEvents; payload: unknown }[] = [];
  for (const name of ['checkout.started', 'checkout.failed', 'checkout.completed', 'order.payment_pending', 'order.placed', 'order.paid', 'order.fulfilled', 'order.cancelled', 'order.partially_refunded', 'order.refunded'] as const) {
    events.on(name, (payload) => void emitted.push({ event: name, payload }));
  }
  const cart = new FakeCart(faults, clock);
  const inventory = new FakeInventory(faults, clock);
  const payments = new FakePayments(faults);
  for (const sku of Object.keys(CATALOGUE)) inventory.onHand.set(sku, options.stock ?? 10);
  cart.addCoupon('SAVE10', '0.10', 100);
  cart.addCoupon('ONCE', '0.20', 1);
  const checkoutStore: CheckoutStore = faulty(new MemoryCheckoutStore({ clock }), 'checkoutStore', faults);
  const orderStore: OrderStore = faulty(new MemoryOrderStore(), 'orderStore', faults);
  const idempotencyStore = new MemoryIdempotencyStore({ clock });
  const build = () =>
    new CheckoutService({
      store: checkoutStore, orderStore, idempotencyStore, cart, inventory, payments, clock, ids, events,
      idempotency: { pollMs: 1, waitMs: 5_000 },
      ...(options.captureMode ? { captureMode: options.captureMode } : {}),
    });
  const checkout = build();
  const orders = new OrdersService({ store: orderStore, payments, inventory, clock, ids, events });
  let carts = 0;

  /** A checkout at review: cart, guest email, US address, payment token. */
  async function readyCheckout(setup: { lines?: Record<string, number>; coupons?: string[]; token?: string; userId?: string } = {}) {
    const cartId = cart.addCart(`cart${++carts}`, setup.lines ?? { 'SKU-A': 2, 'SKU-B': 1 }, {
      ...(setup.userId ? { userId: setup.userId } : {}),
      ...(setup.coupons ? { coupons: setup.coupons } : {}),
    });
    const started = await checkout.startCheckout({ cartId, ...(setup.userId ? { userId: setup.userId, email: `${setup.userId}@example.com` } : {}) });
    if (!setup.userId) await checkout.updateGuestInfo({ checkoutId: started.id, email: 'guest@example.com' });
    await checkout.updateShippingInfo({ checkoutId: started.id, shippingAddress: US_ADDRESS });
    await checkout.updatePaymentInfo({ checkoutId: started.id, method: 'credit_card', paymentToken: setup.token ?? 'tok_ok' });
    return { checkoutId: started.id, cartId };
  }

  /** Stock, coupon holds and money still taken: all zero after a failed placement. */
  function leftovers() {
    return {
      reservations: inventory.activeReservations().length,
      couponHolds: [...cart.coupons.values()].reduce((n, c) => n + c.held.size, 0),
      authorizations: payments.liveAuthorizations().length,
    };
  }

  return { clock, ids, faults, events, emitted, cart, inventory, payments, checkoutStore, orderStore, idempotencyStore, checkout, orders, build, readyCheckout, leftovers };
}

export type CheckoutHarness = ReturnType<typeof makeCheckoutHarness>;
