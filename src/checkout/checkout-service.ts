import { systemClock } from '../adapters/system/system-clock.js';
import { randomIds } from '../adapters/system/random-ids.js';
import type { Clock } from '../ports/clock.js';
import type { CheckoutStore } from '../ports/checkout-store.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { IdempotencyStore } from '../ports/idempotency-store.js';
import type { OrderStore } from '../ports/order-store.js';
import { CommerceError, commerceErrors } from '../shared/errors.js';
import { silentEvents, type EventSink } from '../shared/events.js';
import { IdempotentRunner, type IdempotencySettings } from '../shared/idempotency.js';
import { parseInput } from '../shared/validation.js';
import {
  defaultFormatOrderNumber,
  loadCheckout,
  mutateCheckout,
  priceOptionsOf,
    type CaptureMode,
  type CheckoutContext,
} from './checkout-context.js';
import type { CheckoutEvents } from './checkout-events.js';
import {
  checkoutIdSchema,
  completeOrderSchema,
  reconcileOrderSchema,
  reconcilePendingOrdersSchema,
  selectShippingOptionSchema,
  startCheckoutSchema,
  updateGuestInfoSchema,
  updatePaymentInfoSchema,
  updateShippingInfoSchema,
  type CompleteOrderInput,
  type SelectShippingOptionInput,
  type StartCheckoutInput,
  type UpdateGuestInfoInput,
  type UpdatePaymentInfoInput,
  type UpdateShippingInfoInput,
} from './checkout-schemas.js';
import { initialSteps, transition, type CheckoutAction } from './checkout-steps.js';
import { buildSummary, summaryFromOrder, type CheckoutSummary } from './checkout-summary.js';
import type { CheckoutState } from './checkout-types.js';
import type { CheckoutCartApi, CheckoutInventoryApi, CheckoutPaymentsApi } from './collaborators.js';
import { OrderPlacementSaga, type PlacedOrder } from './order-placement-saga.js';
import { actionExpiry, nextActionOf } from './placement-steps.js';
import type { Order } from './order-types.js';
import { PaymentOperationRunner } from './payment-operation-runner.js';
import { PaymentReconciler, type ReconcileReport } from './payment-reconciler.js';

export interface CheckoutServiceOptions {
  /** Where checkouts live between requests. */
  store: CheckoutStore;
  /** Where orders are created (shared with `OrdersService`). */
  orderStore: OrderStore;
  /** Claims each completion so retries and concurrent calls place one order. */
  idempotencyStore: IdempotencyStore;
  cart: CheckoutCartApi;
  inventory: CheckoutInventoryApi;
  payments: CheckoutPaymentsApi;
  clock?: Clock;
  ids?: IdGenerator;
  events?: EventSink<CheckoutEvents>;
  /** How long an untouched checkout lives (sliding). Default 1 hour. */
  checkoutTtlMs?: number;
  /** How long stock is reserved for an order being placed. Default 15 minutes. */
  reservationTtlMs?: number;
  /** Capture as the order is placed (default) or when it is marked fulfilled. */
  captureMode?: CaptureMode;
  /** Order number from the sequence; default `ORD-000123`. */
  formatOrderNumber?: (sequence: number) => string;
  /** Timing of the completion claim (lock, result ttl, wait of concurrent callers). */
  idempotency?: IdempotencySettings;
}

/** The completed order, and whether this call only replayed an earlier completion. */
export type CompleteOrderResult = PlacedOrder & { replayed: boolean };

/**
 * The multi-step checkout: a typed step machine over a stored, expiring, versioned state,
 * and `completeOrder`, the saga that turns it into exactly one order and one charge.
 */
export class CheckoutService {
  private readonly ctx: CheckoutContext;
  private readonly runner: IdempotentRunner;
  private readonly saga: OrderPlacementSaga;
  private readonly reconciler: PaymentReconciler;

  constructor(options: CheckoutServiceOptions) {
    const ids = options.ids ?? randomIds;
    const clock = options.clock ?? systemClock;
    const events = options.events ?? silentEvents<CheckoutEvents>();
    const { orderStore, inventory, payments } = options;
    this.ctx = {
      store: options.store,
      orderStore,
      cart: options.cart,
      inventory,
      payments,
      clock,
      ids,
      events,
      settings: {
        checkoutTtlMs: options.checkoutTtlMs ?? 3_600_000,
        reservationTtlMs: options.reservationTtlMs ?? 900_000,
        captureMode: options.captureMode ?? 'on_placement',
        formatOrderNumber: options.formatOrderNumber ?? defaultFormatOrderNumber,
      },
      orderPayments: new PaymentOperationRunner({ store: orderStore, payments, inventory, clock, ids, events }),
    };
    this.runner = new IdempotentRunner({ store: options.idempotencyStore, ids, ...options.idempotency });
    this.saga = new OrderPlacementSaga(this.ctx, options.idempotency?.lockMs ?? 30_000);
    this.reconciler = new PaymentReconciler(this.ctx);
  }

  /** Opens a checkout on a non-empty cart whose every line is in stock. */
  async startCheckout(input: StartCheckoutInput): Promise<CheckoutState> {
    const { cartId, userId, email } = parseInput(startCheckoutSchema, input, 'startCheckout');
    const cart = await commerceErrors(() => this.ctx.cart.getCart(cartId));
    if (!cart) throw new CommerceError('CART_NOT_FOUND', { cartId });
    if (cart.lines.length === 0) throw new CommerceError('CHECKOUT_EMPTY_CART', { cartId, reason: 'the cart has no lines' });
    // The cart module answers `null` for a guest cart: no owner, like an absent one.
    const cartOwner = cart.userId ?? undefined;
    if (cartOwner !== undefined && userId !== undefined && cartOwner !== userId) {
      // Another shopper's cart is reported as missing rather than confirmed to exist.
      throw new CommerceError('CART_NOT_FOUND', { cartId });
    }
    const stock = await commerceErrors(() => this.ctx.inventory.checkAvailability(cart.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }))));
    if (!stock.available) {
      throw new CommerceError('INSUFFICIENT_INVENTORY', { cartId, shortages: stock.shortages, reason: stock.shortages.map((s) => s.sku).join(', ') });
    }
    const now = this.ctx.clock.now();
    const owner = userId ?? cartOwner;
    const steps = initialSteps();
    const state: CheckoutState = {
      id: this.ctx.ids.next('checkout'),
      cartId,
      ...(owner !== undefined ? { userId: owner } : {}),
      ...(email !== undefined ? { customerEmail: email } : {}),
      currency: cart.currency,
      status: 'open',
      currentStep: steps.currentStep,
      completedSteps: [...steps.completedSteps],
      reopenCount: 0,
      createdAt: now,
      updatedAt: now,
      expiresAt: now + this.ctx.settings.checkoutTtlMs,
      version: 1,
    };
    if (!(await commerceErrors(() => this.ctx.store.create(state), 'STORE_UNAVAILABLE'))) {
      throw new CommerceError('CONFLICT', { checkoutId: state.id, reason: 'checkout id already taken' });
    }
    this.ctx.events.emit('checkout.started', { checkoutId: state.id, cartId, ...(owner !== undefined ? { userId: owner } : {}) });
    return state;
  }

  /**
   * Sets the shipping address (billing defaults to it) and re-prices: a shipping option the
   * new destination no longer offers is dropped, and the checkout goes back to review.
   */
  async updateShippingInfo(input: UpdateShippingInfoInput): Promise<CheckoutState> {
    const { checkoutId, shippingAddress, billingAddress } = parseInput(updateShippingInfoSchema, input, 'updateShippingInfo');
    return this.#step(checkoutId, 'set_shipping', async (state) => {
      state.shippingAddress = shippingAddress;
      state.billingAddress = billingAddress ?? shippingAddress;
      // Price without the chosen option first: the cart refuses an option the new destination
      // does not offer, and the chosen one is kept only if it is still on the list.
      const chosen = state.shippingOptionId;
      delete state.shippingOptionId;
      let priced = await commerceErrors(() => this.ctx.cart.priceCart(state.cartId, priceOptionsOf(state)));
      if (chosen !== undefined && priced.shippingOptions.some((o) => o.id === chosen)) {
        state.shippingOptionId = chosen;
        priced = await commerceErrors(() => this.ctx.cart.priceCart(state.cartId, priceOptionsOf(state)));
      }
      state.quotedTotal = priced.total.toJSON();
      return state;
    });
  }

  /** Sets a guest's contact email; a signed-in shopper's email is their account's. */
  async updateGuestInfo(input: UpdateGuestInfoInput): Promise<CheckoutState> {
    const { checkoutId, email } = parseInput(updateGuestInfoSchema, input, 'updateGuestInfo');
    return this.#step(checkoutId, 'set_guest', (state) => {
      if (state.userId !== undefined) {
        throw new CommerceError('CHECKOUT_INVALID_STEP', { checkoutId, reason: 'a signed-in shopper cannot set a guest email' });
      }
      state.guestEmail = email;
      return state;
    });
  }

  /** Chooses one of the shipping options the cart's pricing offers for the address. */
  async selectShippingOption(input: SelectShippingOptionInput): Promise<CheckoutState> {
    const { checkoutId, shippingOptionId } = parseInput(selectShippingOptionSchema, input, 'selectShippingOption');
    return this.#step(checkoutId, 'select_shipping_option', async (state) => {
      state.shippingOptionId = shippingOptionId;
      const priced = await commerceErrors(() => this.ctx.cart.priceCart(state.cartId, priceOptionsOf(state)));
      if (!priced.shippingOptions.some((o) => o.id === shippingOptionId)) {
        throw new CommerceError('VALIDATION_FAILED', {
          checkoutId,
          shippingOptionId,
          issues: [{ path: ['shippingOptionId'], message: 'not offered for this address', code: 'custom' }],
          reason: `shipping option '${shippingOptionId}' is not offered for this address`,
        });
      }
      state.quotedTotal = priced.total.toJSON();
      return state;
    });
  }

  /** Stores the payment method and gateway token. A raw card number is refused, never stored. */
  async updatePaymentInfo(input: UpdatePaymentInfoInput): Promise<CheckoutState> {
    const { checkoutId, method, paymentToken, ip, deviceId } = parseInput(updatePaymentInfoSchema, input, 'updatePaymentInfo');
    return this.#step(checkoutId, 'set_payment', (state) => {
      state.payment = { method, paymentToken, ...(ip !== undefined ? { ip } : {}), ...(deviceId !== undefined ? { deviceId } : {}) };
      return state;
    });
  }

  /** Lines, discounts, shipping, tax and total as priced now, with the steps done and current. */
  async getCheckoutSummary(input: { checkoutId: string }): Promise<CheckoutSummary> {
    const { checkoutId } = parseInput(checkoutIdSchema, input, 'getCheckoutSummary');
    const state = await loadCheckout(this.ctx, checkoutId);
    if (state.status === 'confirmed' && state.orderId) {
      const orderId = state.orderId;
      const order = await commerceErrors(() => this.ctx.orderStore.get(orderId), 'STORE_UNAVAILABLE');
      if (order) return summaryFromOrder(state, order);
    }
    const priced = await commerceErrors(() => this.ctx.cart.priceCart(state.cartId, priceOptionsOf(state)));
    return buildSummary(state, priced);
  }

  /**
   * Places the order: claims the completion (the caller's idempotency key, or one derived
   * from the checkout), re-prices, holds coupon uses, reserves stock, authorizes the exact
   * total, records the order and commits. Any failure is undone and raised as
   * `CHECKOUT_FAILED` (details: `step`, `code`; cause: the inner error). A second call,
   * concurrent or later, answers the same order.
   */
  async completeOrder(input: CompleteOrderInput): Promise<CompleteOrderResult> {
    const { checkoutId, idempotencyKey, expectedTotal } = parseInput(completeOrderSchema, input, 'completeOrder');
    const state = await loadCheckout(this.ctx, checkoutId);
    // A reopened checkout (its payment finally failed) is a new completion: a new key.
    const key = idempotencyKey !== undefined ? `checkout-complete:key:${idempotencyKey}` : `checkout-complete:${checkoutId}:${state.reopenCount}`;
    const outcome = await this.runner.run(key, { checkoutId }, () => this.saga.run(checkoutId, expectedTotal, state));
    // Called again (same key, or another on a checkout already confirmed) while the order waits on the shopper.
    const again = outcome.replayed || state.status === 'confirmed';
    if (!again || outcome.result.status !== 'payment_pending' || outcome.result.paymentStatus !== 'requires_action') return { ...outcome.result, replayed: outcome.replayed };
    // Asking the payment module is a courtesy to the caller: should it fail, the order still
    // waits as first answered (reconcilePendingOrders settles it), so the call is not refused.
    const resumed = await this.#resume(outcome.result).catch(() => outcome.result);
    return { ...resumed, replayed: outcome.replayed };
  }

  /**
   * A completion called again while its order waits on the payment (after 3-D Secure, say):
   * the payment module is asked, so an authenticated payment places the order now, and one
   * still waiting answers its next action again (or lapses with its stock, see reconcileOrder).
   */
  async #resume(first: PlacedOrder): Promise<PlacedOrder> {
    const order = await this.reconciler.reconcileOrder(first.orderId);
    const now: PlacedOrder = { checkoutId: first.checkoutId, orderId: order.id, orderNumber: order.number, status: order.status, total: order.total, paymentId: order.payment.paymentId, paymentStatus: order.payment.status };
    if (order.status !== 'payment_pending' || order.payment.status !== 'requires_action') return now;
    const payment = await commerceErrors(() => this.ctx.payments.getPayment(order.payment.paymentId));
    const action = payment ? nextActionOf(payment, actionExpiry(this.ctx, order)) : undefined;
    return { ...now, ...(action ? { nextAction: action } : {}) };
  }

  /** Settles one `payment_pending` order by asking the payment module what happened. */
  async reconcileOrder(input: { orderId: string }): Promise<Order> {
    const { orderId } = parseInput(reconcileOrderSchema, input, 'reconcileOrder');
    return this.reconciler.reconcileOrder(orderId);
  }

  /** Settles every `payment_pending` order (oldest first, up to `limit`, default 100). */
  async reconcilePendingOrders(input?: { limit?: number }): Promise<ReconcileReport> {
    const parsed = parseInput(reconcilePendingOrdersSchema, input, 'reconcilePendingOrders');
    return this.reconciler.reconcilePending(parsed?.limit ?? 100);
  }

  /** Applies a step action and its data change in one compare-and-set write. */
  async #step(
    checkoutId: string,
    action: CheckoutAction,
    change: (state: CheckoutState) => Promise<CheckoutState> | CheckoutState,
  ): Promise<CheckoutState> {
    const updated = await mutateCheckout(this.ctx, checkoutId, async (state) => {
      if (state.completion && state.completion.expiresAt > this.ctx.clock.now()) {
        // The saga read this state when it began; changing it under the saga would place
        // an order the shopper did not see.
        throw new CommerceError('CHECKOUT_INVALID_STEP', { checkoutId, action, reason: 'the order is being placed' });
      }
      const steps = transition(
        { currentStep: state.currentStep, completedSteps: state.completedSteps, hasShipping: !!state.shippingAddress, hasPayment: !!state.payment },
        action,
      );
      const next = await change(state);
      next.currentStep = steps.currentStep;
      next.completedSteps = [...steps.completedSteps];
      return next;
    });
    this.ctx.events.emit('checkout.updated', { checkoutId, action, currentStep: updated.currentStep });
    return updated;
  }

}
