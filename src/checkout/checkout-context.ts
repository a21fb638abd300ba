import type { Clock } from '../ports/clock.js';
import type { CheckoutStore } from '../ports/checkout-store.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { OrderStore } from '../ports/order-store.js';
import { RECORD_RETRY, retryOnConflict } from '../shared/conflict-retry.js';
import { CommerceError, commerceErrors } from '../shared/errors.js';
import type { EventSink } from '../shared/events.js';
import type { CheckoutEvents } from './checkout-events.js';
import type { CheckoutState } from './checkout-types.js';
import { checkoutEventsOf } from './checkout-event-records.js';
import type { CheckoutCartApi, CheckoutInventoryApi, CheckoutPaymentsApi, CheckoutPriceOptions } from './collaborators.js';
import type { PaymentOperationRunner } from './payment-operation-runner.js';

/** When the payment is captured: as the order is placed, or when it is marked fulfilled. */
export type CaptureMode = 'on_placement' | 'on_fulfilment';

export interface CheckoutSettings {
  /** How long an untouched checkout lives (sliding). Default 1 hour. */
  checkoutTtlMs: number;
  /** How long reserved stock is held for an order in placement. Default 15 minutes. */
  reservationTtlMs: number;
  captureMode: CaptureMode;
  /** Turns the sequence number into the order number. Default `ORD-000123`. */
  formatOrderNumber: (sequence: number) => string;
}

/** Everything the checkout parts share. */
export interface CheckoutContext {
  store: CheckoutStore;
  orderStore: OrderStore;
  cart: CheckoutCartApi;
  inventory: CheckoutInventoryApi;
  payments: CheckoutPaymentsApi;
  clock: Clock;
  ids: IdGenerator;
  events: EventSink<CheckoutEvents>;
  settings: CheckoutSettings;
  /** Captures on placement, and settles orders whose capture, void or refund is unknown. */
  orderPayments: PaymentOperationRunner;
}

export const defaultFormatOrderNumber = (sequence: number): string => `ORD-${String(sequence).padStart(6, '0')}`;

export async function loadCheckout(ctx: CheckoutContext, checkoutId: string): Promise<CheckoutState> {
  const state = await commerceErrors(() => ctx.store.get(checkoutId), 'STORE_UNAVAILABLE');
  if (!state) throw new CommerceError('CHECKOUT_NOT_FOUND', { checkoutId, reason: `no live checkout '${checkoutId}'` });
  return state;
}

/**
 * Read-modify-write of a checkout by compare-and-set. `change` may be async (it may price
 * the cart); when another writer got in first, the change is computed again on what is
 * stored now, so no concurrent update is lost. `change` returns null to write nothing.
 *
 * `known` is a state the caller read or wrote moments ago: the first attempt starts from it
 * instead of reading, which saves a round trip when nobody wrote since (the compare-and-set
 * still checks). A null answer is never trusted to a copy: it is asked again on a fresh read.
 */
export async function mutateCheckout(
  ctx: CheckoutContext,
  checkoutId: string,
  change: (state: CheckoutState) => Promise<CheckoutState | null> | CheckoutState | null,
  known?: CheckoutState,
): Promise<CheckoutState> {
  let copy = known;
  const tryOnce = async (): Promise<{ done: true; value: CheckoutState } | { done: false }> => {
    const current = copy ?? (await loadCheckout(ctx, checkoutId));
    const fromCopy = copy !== undefined;
    copy = undefined;
    const next = await change(structuredClone(current));
    if (next === null) return fromCopy ? tryOnce() : { done: true, value: current };
    const now = ctx.clock.now();
    const expiresAt = Math.max(next.expiresAt, now + ctx.settings.checkoutTtlMs);
    const after = { ...next, updatedAt: now, expiresAt };
    const written = await commerceErrors(() => ctx.store.update(after, current.version, { events: checkoutEventsOf(current, after, now) }), 'STORE_UNAVAILABLE');
    if (written.ok) return { done: true, value: written.checkout };
    if (written.reason === 'not_found') throw new CommerceError('CHECKOUT_NOT_FOUND', { checkoutId });
    return { done: false };
  };
  return retryOnConflict(RECORD_RETRY, tryOnce, (attempts) => new CommerceError('CONFLICT', { checkoutId, reason: `checkout kept changing over ${attempts} attempts` }));
}

/** The pricing options the checkout's address, option and shopper imply. */
export function priceOptionsOf(state: CheckoutState): CheckoutPriceOptions {
  const options: CheckoutPriceOptions = {};
  const address = state.shippingAddress;
  if (address) {
    options.destination = {
      country: address.country,
      ...(address.region ? { region: address.region } : {}),
      ...(address.postalCode ? { postalCode: address.postalCode } : {}),
    };
  }
  if (state.shippingOptionId) options.shippingOptionId = state.shippingOptionId;
  if (state.userId) options.customerId = state.userId;
  return options;
}

/** The email receipts and fraud screening use: the account's or the guest's. */
export function contactEmailOf(state: CheckoutState): string | undefined {
  return state.userId ? state.customerEmail : state.guestEmail;
}
