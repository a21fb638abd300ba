import { CommerceError, commerceErrors, toCommerceError } from '../shared/errors.js';
import type { Money, MoneyJSON } from '../shared/money.js';
import { contactEmailOf, mutateCheckout, priceOptionsOf, type CheckoutContext } from './checkout-context.js';
import { transition } from './checkout-steps.js';
import type { CheckoutState } from './checkout-types.js';
import type { CheckoutCouponHold, CheckoutPaymentResult } from './collaborators.js';
import { buildOrder } from './order-builder.js';
import { loadOrder, mutateOrder, orderEvent } from './order-mutation.js';
import type { Order } from './order-types.js';
import { actionExpiry, cancelFailedPlacement, captureOnPlacement, classifyPayment, nextActionOf, paymentFailure, type CheckoutNextAction } from './placement-steps.js';
import { orderEventsOf } from './order-event-records.js';
import type { OrderStatus } from './order-status.js';

/** The saga steps a `CHECKOUT_FAILED` names. */
export type PlacementStep = 'pricing' | 'coupons' | 'inventory' | 'payment' | 'order' | 'confirmation';

/** What `completeOrder` answers (JSON-safe, as the idempotency store keeps it). */
export interface PlacedOrder {
  checkoutId: string;
  orderId: string;
  orderNumber: string;
  status: OrderStatus;
  total: MoneyJSON;
  paymentId: string;
  paymentStatus: string;
  /**
   * Set while the payment waits on the shopper (3-D Secure): the order is `payment_pending`
   * and holds its stock and coupon uses until `expiresAt`. Once the shopper has passed it,
   * `completeOrder` again (or the gateway's webhook and `reconcileOrder`) places the order.
   */
  nextAction?: CheckoutNextAction;
}

type Undo = () => Promise<unknown>;

/**
 * Places one order from a ready checkout. Every step that took something registers how to
 * give it back; a failure runs those in reverse, frees the checkout and raises
 * `CHECKOUT_FAILED`. A lease on the checkout (compare-and-set) keeps a second saga (another
 * idempotency key, another process) from running at the same time.
 */
export class OrderPlacementSaga {
  constructor(
    private readonly ctx: CheckoutContext,
    private readonly leaseMs: number,
  ) {}

  /** `known`: the checkout as the caller just read it (spares a read when nothing changed since). */
  async run(checkoutId: string, expectedTotal: Money | undefined, known?: CheckoutState): Promise<PlacedOrder> {
    const owner = this.ctx.ids.next('placement');
    const { leased, resumed } = await this.takeLease(checkoutId, owner, known);
    if (leased.status === 'confirmed') return this.existing(leased);

    // Undo steps by resource; replacing one keeps its place in the reverse order.
    const undo = new Map<string, Undo>();
    // Taken from the lease: a takeover after a crash reuses the crashed attempt's order id,
    // so its payment key and coupon hold answer what was already done instead of doing it twice.
    const orderId = leased.completion?.orderId ?? this.ctx.ids.next('order');
    let step: PlacementStep = 'pricing';
    let paymentId: string | undefined;
    let order: Order;
    try {
      const state = leased;
      const email = contactEmailOf(state);
      const payment = state.payment;
      const address = state.shippingAddress;
      if (!email || !payment || !address) throw new CommerceError('CHECKOUT_INVALID_STEP', { checkoutId, reason: 'email, address or payment missing' });

      const priced = await this.ctx.cart.priceCart(state.cartId, priceOptionsOf(state));
      if (priced.lines.length === 0) throw new CommerceError('CHECKOUT_EMPTY_CART', { cartId: state.cartId });
      if (expectedTotal && !expectedTotal.equals(priced.total)) {
        throw new CommerceError('CHECKOUT_PRICE_CHANGED', { expected: expectedTotal.toJSON(), total: priced.total.toJSON() });
      }
      const couponCodes = [...new Set(priced.appliedPromotions.flatMap((p) => (p.code ? [p.code] : [])))];

      step = 'coupons';
      let hold: CheckoutCouponHold | undefined;
      if (couponCodes.length > 0) {
        // The hold lapses with the stock reservation, so a crashed or abandoned attempt cannot
        // keep a use for ever; a takeover reserving it again after that reserves anew.
        const held = await this.ctx.cart.reserveCouponUsage({
          cartId: state.cartId,
          holdId: `${orderId}:coupons`,
          ttlMs: this.ctx.settings.reservationTtlMs,
          ...(state.userId ? { customerId: state.userId } : {}),
        });
        hold = held;
        undo.set('coupons', () => this.ctx.cart.releaseCouponUsage(held));
      }

      step = 'inventory';
      const lines = priced.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
      const reservation = await this.ctx.inventory.reserveItems(lines, { orderId, ttlMs: this.ctx.settings.reservationTtlMs });
      undo.set('inventory', () => this.ctx.inventory.releaseReservation(reservation.id));

      step = 'payment';
      const result: CheckoutPaymentResult = await this.ctx.payments.processPayment({
        orderId,
        amount: priced.total,
        method: payment.method,
        paymentToken: payment.paymentToken,
        customer: {
          email,
          ...(state.userId ? { id: state.userId } : {}),
          ...(payment.ip ? { ip: payment.ip } : {}),
          ...(payment.deviceId ? { deviceId: payment.deviceId } : {}),
        },
        billingCountry: (state.billingAddress ?? address).country,
        capture: false,
        idempotencyKey: `${orderId}:authorize`,
      });
      paymentId = result.paymentId;
      const outcome = classifyPayment(result.status);
      if (outcome === 'taken') {
        const id = result.paymentId;
        undo.set('payment', () =>
          result.status === 'captured'
            ? this.ctx.payments.refundPayment(id, { reason: 'checkout_failed', idempotencyKey: `${orderId}:undo-refund` })
            : this.ctx.payments.voidPayment(id, { idempotencyKey: `${orderId}:void` }),
        );
      }
      if (outcome === 'refused') throw paymentFailure(result);
      const pending = outcome === 'pending';

      step = 'order';
      // Only a resumed attempt's order id can have an order already: a fresh one is new.
      const recorded = resumed ? await commerceErrors(() => this.ctx.orderStore.get(orderId), 'STORE_UNAVAILABLE') : null;
      order = recorded ?? buildOrder({
        id: orderId,
        number: this.ctx.settings.formatOrderNumber(await commerceErrors(() => this.ctx.orderStore.nextSequence(), 'STORE_UNAVAILABLE')),
        checkout: state,
        email,
        priced,
        couponCodes,
        status: pending ? 'payment_pending' : result.status === 'captured' ? 'paid' : 'placed',
        paymentId: result.paymentId,
        paymentStatus: result.status,
        reservationId: reservation.id,
        couponHold: hold,
        now: this.ctx.clock.now(),
      });
      if (recorded && recorded.status === 'cancelled') throw new CommerceError('CONFLICT', { orderId, reason: 'the order of this attempt was cancelled' });
      if (!recorded) {
        const fresh = order;
        const created = await commerceErrors(() => this.ctx.orderStore.create(fresh, { events: orderEventsOf(null, fresh, fresh.createdAt) }), 'STORE_UNAVAILABLE');
        if (!created.ok) throw new CommerceError('CONFLICT', { orderId, number: order.number, reason: created.reason });
      } else if (recorded.reservationId !== reservation.id) {
        // Taken over after a crash: the stock this attempt holds is the one to settle.
        order = (await mutateOrder(this.ctx.orderStore, orderId, this.ctx.clock.now(), (o) => ({ ...o, reservationId: reservation.id }))).order;
      }
      undo.set('order', () => cancelFailedPlacement(this.ctx, orderId));

      step = 'confirmation';
      await this.confirmCheckout(checkoutId, owner, orderId, order.number, leased);
      undo.set('checkout', () => this.reopenAfterFailure(checkoutId, orderId));
      if (pending) {
        // The money may or may not have moved: keep stock and coupon holds until the
        // payment module knows (reconcileOrder), and never charge again meanwhile.
        this.ctx.events.emit('order.payment_pending', orderEvent(order, this.ctx.clock.now()));
        const action = nextActionOf(result, actionExpiry(this.ctx, order));
        return { ...placed(checkoutId, order), ...(action ? { nextAction: action } : {}) };
      }
      await this.ctx.inventory.confirmReservation(reservation.id);
      const number = order.number;
      undo.set('inventory', () => this.restock(lines, number));
      if (hold) await this.ctx.cart.commitCouponUsage(hold);
    } catch (error) {
      throw await this.fail(checkoutId, owner, step, error, undo, paymentId);
    }

    // Committed: what follows cannot undo the order, so its failures do not fail it.
    this.ctx.events.emit('order.placed', orderEvent(order, this.ctx.clock.now()));
    if (order.status === 'paid') this.ctx.events.emit('order.paid', orderEvent(order, this.ctx.clock.now()));
    const settled = await captureOnPlacement(this.ctx, order);
    await this.ctx.cart.deleteCart(order.cartId).catch(() => undefined);
    this.ctx.events.emit('checkout.completed', { checkoutId, orderId, orderNumber: order.number });
    return placed(checkoutId, settled);
  }

  /** The leased checkout, and whether it resumes an earlier attempt's order id (a takeover). */
  private async takeLease(checkoutId: string, owner: string, known?: CheckoutState): Promise<{ leased: CheckoutState; resumed: boolean }> {
    let resumed = false;
    const leased = await mutateCheckout(this.ctx, checkoutId, (state) => {
      if (state.status === 'confirmed') return null;
      const now = this.ctx.clock.now();
      if (state.completion && state.completion.expiresAt > now) {
        throw new CommerceError('IDEMPOTENCY_IN_PROGRESS', { checkoutId, reason: 'another completion of this checkout is running' });
      }
      // Refuses (CHECKOUT_INVALID_STEP) unless the checkout is at review with all it needs.
      transition({ currentStep: state.currentStep, completedSteps: state.completedSteps, hasShipping: true, hasPayment: true }, 'confirm');
      if (!contactEmailOf(state)) {
        throw new CommerceError('CHECKOUT_INVALID_STEP', { checkoutId, reason: state.userId ? 'no account email was given at start' : 'the guest email is missing' });
      }
      resumed = state.completion?.orderId !== undefined;
      const orderId = state.completion?.orderId ?? this.ctx.ids.next('order');
      state.completion = { owner, orderId, expiresAt: now + this.leaseMs };
      return state;
    }, known);
    return { leased, resumed };
  }

  /** `leased`: the checkout as the lease wrote it; steps refuse to write under a lease, so it is usually still current. */
  private async confirmCheckout(checkoutId: string, owner: string, orderId: string, orderNumber: string, leased: CheckoutState): Promise<void> {
    await mutateCheckout(this.ctx, checkoutId, (state) => {
      if (state.completion?.owner !== owner) throw new CommerceError('CONFLICT', { checkoutId, reason: 'the completion lease was lost' });
      const steps = transition({ currentStep: state.currentStep, completedSteps: state.completedSteps, hasShipping: true, hasPayment: true }, 'confirm');
      delete state.completion;
      return { ...state, status: 'confirmed', currentStep: steps.currentStep, completedSteps: [...steps.completedSteps], orderId, orderNumber };
    }, leased);
  }

  /** Undo of `confirmCheckout`: back to review, completable again. */
  private async reopenAfterFailure(checkoutId: string, orderId: string): Promise<void> {
    await mutateCheckout(this.ctx, checkoutId, (state) => {
      if (state.orderId !== orderId) return null;
      delete state.orderId;
      delete state.orderNumber;
      return { ...state, status: 'open', currentStep: 'order_review', completedSteps: ['cart_review', 'shipping_info', 'payment_info'] };
    });
  }

  private async releaseLease(checkoutId: string, owner: string): Promise<void> {
    await mutateCheckout(this.ctx, checkoutId, (state) => {
      if (state.completion?.owner !== owner) return null;
      delete state.completion;
      return state;
    });
  }

  private async restock(lines: { sku: string; quantity: number }[], orderNumber: string): Promise<void> {
    for (const line of lines) await this.ctx.inventory.updateStock(line.sku, line.quantity, 'add', `order ${orderNumber} not placed`);
  }

  private async fail(checkoutId: string, owner: string, step: PlacementStep, error: unknown, undo: Map<string, Undo>, paymentId?: string): Promise<CommerceError> {
    const inner = toCommerceError(error);
    const compensationErrors: { undo: string; code: string; message: string }[] = [];
    for (const [name, run] of [...undo.entries()].reverse()) {
      try {
        await run();
      } catch (undoError) {
        const failure = toCommerceError(undoError);
        compensationErrors.push({ undo: name, code: failure.code, message: failure.message });
      }
    }
    await this.releaseLease(checkoutId, owner).catch(() => undefined);
    this.ctx.events.emit('checkout.failed', { checkoutId, step, code: inner.code });
    return new CommerceError(
      'CHECKOUT_FAILED',
      { checkoutId, step, code: inner.code, ...(paymentId ? { paymentId } : {}), ...(compensationErrors.length > 0 ? { compensationErrors } : {}), innerDetails: inner.details },
      { cause: inner, reason: `${step}: ${inner.message}` },
    );
  }

  /** A checkout already confirmed (e.g. the claim's record expired): answer its order. */
  private async existing(state: CheckoutState): Promise<PlacedOrder> {
    const orderId = state.orderId;
    if (!orderId) throw new CommerceError('INTERNAL', { checkoutId: state.id, reason: 'confirmed checkout without order' });
    return placed(state.id, await loadOrder(this.ctx.orderStore, orderId));
  }
}

function placed(checkoutId: string, order: { id: string; number: string; status: OrderStatus; total: MoneyJSON; payment: { paymentId: string; status: string } }): PlacedOrder {
  return {
    checkoutId,
    orderId: order.id,
    orderNumber: order.number,
    status: order.status,
    total: order.total,
    paymentId: order.payment.paymentId,
    paymentStatus: order.payment.status,
  };
}

