import type { Order } from '@paypal/paypal-server-sdk';
import type { GatewayOperation, GatewayOutcome, GatewayTransaction } from '../../ports/payment-gateway.js';
import { fromPayPalValue } from './paypal-amounts.js';
import { decodeCustomId } from './paypal-ids.js';

/** SDK enums compared as the strings PayPal sends (the SDK is not loaded at import time). */
export const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The one purchase unit the adapter works with (orders it authorizes have exactly one). */
export function unitOf(order: Order) {
  return order.purchaseUnits?.[0];
}

export function authorizationOf(order: Order) {
  return unitOf(order)?.payments?.authorizations?.[0];
}

/**
 * Marks the capture made together with the authorization (capture requested at once). The
 * ledger records both under one reference, the order id, on every path (answer, webhook,
 * reconciliation), so neither is counted twice.
 */
export const WITH_AUTHORIZATION = '#with-authorization';

/** A capture's ledger reference and idempotency key, from the invoice_id the adapter wrote. */
export function captureIdentity(orderId: string, capture: { id?: string | undefined; invoiceId?: string | undefined }): { operationId: string; idempotencyKey: string } {
  const invoice = capture.invoiceId;
  if (invoice?.endsWith(WITH_AUTHORIZATION)) return { operationId: orderId, idempotencyKey: invoice.slice(0, -WITH_AUTHORIZATION.length) };
  return { operationId: capture.id ?? '', idempotencyKey: invoice ?? `paypal:capture:${capture.id ?? ''}` };
}

/** The outcome of an authorize call, from the order PayPal answered (the authorization's reference is the order id). */
export function authorizeOutcome(order: Order): GatewayOutcome {
  const auth = authorizationOf(order);
  const raw = { gateway: 'paypal', order: order.id ?? null, status: order.status ?? null, authorization: auth?.id ?? null, authorizationStatus: auth?.status ?? null };
  const transactionId = order.id ?? '';
  if (auth?.id && (str(auth.status) === 'CREATED' || str(auth.status) === 'CAPTURED' || str(auth.status) === 'PARTIALLY_CAPTURED')) {
    return { outcome: 'approved', transactionId, operationId: transactionId, status: 'authorized', feeMinor: 0, raw };
  }
  if (str(auth?.status) === 'DENIED') return { outcome: 'declined', transactionId, code: auth?.statusDetails?.reason ?? 'DENIED', message: 'PayPal denied the authorization', raw };
  return { outcome: 'unknown', transactionId, message: `PayPal reports the authorization ${auth?.status ?? 'missing'}`, raw };
}

/** PayPal's record of an order (intent AUTHORIZE) as the port's transaction. */
export function orderTransaction(order: Order): GatewayTransaction {
  const unit = unitOf(order);
  const currency = unit?.amount?.currencyCode ?? 'USD';
  const payments = unit?.payments;
  const operations: GatewayOperation[] = [];
  const auth = payments?.authorizations?.[0];
  const authStatus = str(auth?.status);
  const authorized = authStatus !== '' && authStatus !== 'DENIED' && authStatus !== 'PENDING';
  if (auth?.id && authorized) {
    const amountMinor = fromPayPalValue(auth.amount?.value, currency);
    operations.push({ operationId: order.id ?? auth.id, kind: 'authorization', amountMinor, feeMinor: 0, idempotencyKey: `paypal:authorize:${auth.id}`, succeeded: true });
    if (str(auth.status) === 'VOIDED') operations.push({ operationId: auth.id, kind: 'void', amountMinor, feeMinor: 0, idempotencyKey: `paypal:void:${auth.id}`, succeeded: true });
  }
  let capturedMinor = 0;
  for (const capture of payments?.captures ?? []) {
    const succeeded = str(capture.status) === 'COMPLETED' || str(capture.status) === 'PENDING' || str(capture.status) === 'REFUNDED' || str(capture.status) === 'PARTIALLY_REFUNDED';
    const amountMinor = fromPayPalValue(capture.amount?.value, currency);
    if (succeeded) capturedMinor += amountMinor;
    // The adapter sends its idempotency key as the capture's invoice_id (captures have no custom_id).
    operations.push({ ...captureIdentity(order.id ?? '', capture), kind: 'capture', amountMinor, feeMinor: fromPayPalValue(capture.sellerReceivableBreakdown?.paypalFee?.value, currency), succeeded });
  }
  for (const refund of payments?.refunds ?? []) {
    operations.push({
      operationId: refund.id ?? '',
      kind: 'refund',
      amountMinor: fromPayPalValue(refund.amount?.value, currency),
      feeMinor: 0,
      idempotencyKey: refund.customId ? decodeCustomId(refund.customId) : `paypal:refund:${refund.id ?? ''}`,
      succeeded: str(refund.status) === 'COMPLETED' || str(refund.status) === 'PENDING',
    });
  }
  let status: GatewayTransaction['status'] = 'requires_action';
  if (str(auth?.status) === 'DENIED') status = 'failed';
  else if (str(auth?.status) === 'VOIDED' && capturedMinor === 0) status = 'voided';
  else if (capturedMinor > 0) status = 'captured';
  else if (authorized) status = 'authorized';
  return { transactionId: order.id ?? '', reference: unit?.customId ?? '', status, operations };
}

/**
 * The capture a refund of `amountMinor` is taken from: the first that still has that much
 * unrefunded (an order captured in several parts has several). PayPal links a refund to its
 * capture by the `up` link; a refund without one counts against the first capture.
 */
export function refundableCapture(order: Order, amountMinor: number, currency: string) {
  const captures = unitOf(order)?.payments?.captures ?? [];
  const refunds = unitOf(order)?.payments?.refunds ?? [];
  const refundedFrom = (captureId: string | undefined, first: boolean) =>
    refunds
      .filter((r) => {
        const up = r.links?.find((l) => l.rel === 'up')?.href;
        return up ? up.endsWith(`/captures/${captureId ?? ''}`) : first;
      })
      .reduce((sum, r) => sum + fromPayPalValue(r.amount?.value, currency), 0);
  return captures.find((c, i) => fromPayPalValue(c.amount?.value, currency) - refundedFrom(c.id, i === 0) >= amountMinor) ?? captures[0];
}
