import { CommerceError } from '../shared/errors.js';
import { ERROR_MESSAGES, type CommerceErrorCode } from '../shared/error-codes.js';
import type { CheckoutContext } from './checkout-context.js';
import type { CheckoutPaymentResult } from './collaborators.js';
import { mutateOrder, withStatus } from './order-mutation.js';
import type { Order } from './order-types.js';

/**
 * What a payment status means for the placement: money `taken` (authorized or captured),
 * `refused` (nothing taken), or `pending` (the outcome is not known yet, a person reviews
 * it, or the shopper must pass 3-D Secure): then the order waits, holding its stock and
 * coupon uses, and is never charged again meanwhile.
 */
export function classifyPayment(status: string): 'taken' | 'refused' | 'pending' {
  if (status === 'authorized' || status === 'captured') return 'taken';
  if (status === 'unknown' || status === 'review' || status === 'requires_action') return 'pending';
  return 'refused';
}

/** What the shopper must do before an order waiting on 3-D Secure is placed (see completeOrder). */
export interface CheckoutNextAction {
  type: 'three_d_secure';
  /** Where to send the shopper (a redirect flow), when the gateway gave one. */
  url?: string;
  /**
   * The gateway's payment id: with Stripe, the PaymentIntent whose client secret the host
   * reads with its own client for Stripe.js (`handleNextAction`); the library never keeps it.
   */
  gatewayTransactionId?: string;
  /** When the held stock and coupon uses lapse, and with them the order (epoch ms). */
  expiresAt: number;
}

/**
 * When an order waiting on the shopper lapses: with the stock held for it, which the
 * reservation keeps for `reservationTtlMs` from placement.
 */
export function actionExpiry(ctx: CheckoutContext, order: Pick<Order, 'createdAt'>): number {
  return order.createdAt + ctx.settings.reservationTtlMs;
}

/** The next action of a payment waiting on the shopper, or undefined. */
export function nextActionOf(result: CheckoutPaymentResult, expiresAt: number): CheckoutNextAction | undefined {
  if (result.status !== 'requires_action') return undefined;
  const url = result.nextAction?.url;
  const txn = result.gatewayTransactionId;
  return { type: 'three_d_secure', ...(url ? { url } : {}), ...(txn ? { gatewayTransactionId: txn } : {}), expiresAt };
}

/** The CommerceError a refused payment stands for. */
export function paymentFailure(result: CheckoutPaymentResult): CommerceError {
  const own = result.errorCode;
  const code: CommerceErrorCode =
    result.status === 'blocked'
      ? 'PAYMENT_BLOCKED'
      : result.status === 'requires_action'
        ? 'PAYMENT_REQUIRES_ACTION'
        : own !== undefined && own in ERROR_MESSAGES
          ? (own as CommerceErrorCode)
          : 'PAYMENT_DECLINED';
  return new CommerceError(code, {
    paymentId: result.paymentId,
    status: result.status,
    ...(own !== undefined ? { gatewayCode: own } : {}),
    ...(result.errorMessage !== undefined ? { reason: result.errorMessage } : {}),
  });
}

/** Undo of the order step: the order stays on record, cancelled, so its number is not reused. */
export async function cancelFailedPlacement(ctx: CheckoutContext, orderId: string): Promise<void> {
  const at = ctx.clock.now();
  await mutateOrder(ctx.orderStore, orderId, at, (order) => {
    if (order.status === 'cancelled') return null;
    order.cancelReason = 'checkout_failed';
    return withStatus(order, 'cancelled', at, 'checkout_failed');
  });
}

/**
 * Captures an authorized order when the service captures on placement. The order stands
 * whatever the capture does: refused, it stays `placed` with its authorization (captured at
 * fulfilment); unknown, it is `payment_settling` until reconciliation settles it.
 */
export async function captureOnPlacement(ctx: CheckoutContext, order: Order): Promise<Order> {
  if (ctx.settings.captureMode !== 'on_placement' || order.status !== 'placed') return order;
  try {
    return await ctx.orderPayments.run(order.id, (current) => (current.status === 'placed' ? { kind: 'capture', purpose: 'capture' } : null), order);
  } catch {
    return (await ctx.orderStore.get(order.id).catch(() => null)) ?? order;
  }
}
