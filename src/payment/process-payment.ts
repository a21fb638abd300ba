import { CommerceError, commerceErrors } from '../shared/errors.js';
import type { Money } from '../shared/money.js';
import type { GatewayOutcome, PaymentGateway, TokenDetails } from '../ports/payment-gateway.js';
import type { LedgerEntry, PaymentMethod, PaymentRecord, PaymentStatus } from '../ports/payment-store.js';
import type { ScreenedPayment } from './fraud/types.js';
import { applyParked } from './gateway-events.js';
import { emitChange, type PaymentContext } from './payment-context.js';
import { paymentEventsOf } from './payment-event-records.js';

/** A processPayment request after parsing. */
export interface ChargeRequest {
  orderId: string;
  amount: Money;
  method: PaymentMethod;
  paymentToken: string;
  customer: { id?: string | undefined; email: string; ip?: string | undefined; deviceId?: string | undefined };
  billingCountry?: string | undefined;
  capture?: boolean | undefined;
}

/**
 * One payment attempt: screen, then (unless blocked) authorize through the routed gateways,
 * store the outcome with its fraud decision, apply webhook events that arrived first, and
 * count the attempt for velocity. Every gateway or fraud outcome is a stored payment; only
 * bad configuration or a store failure throws.
 */
export async function charge(ctx: PaymentContext, request: ChargeRequest, gatewayKey: string): Promise<PaymentRecord> {
  const route = ctx.router.route(request.method);
  const paymentId = ctx.ids.next('payment');
  const createdAt = ctx.clock.now();
  const token = await describe(route[0] as PaymentGateway, request.paymentToken);
  const card = token?.card;
  const customerKey = request.customer.id ? `id:${request.customer.id}` : `email:${request.customer.email.toLowerCase()}`;
  const amountMinor = request.amount.toMinorUnits();
  const screened: ScreenedPayment = {
    amount: request.amount.amount,
    amountMinor,
    currency: request.amount.currency,
    exponent: request.amount.exponent,
    method: request.method,
    customerKey,
    email: request.customer.email,
    ...(request.customer.ip ? { ip: request.customer.ip } : {}),
    ...(request.customer.deviceId ? { deviceId: request.customer.deviceId } : {}),
    ...(request.billingCountry ? { billingCountry: request.billingCountry } : {}),
    ...(card ? { cardFingerprint: card.fingerprint } : {}),
    ...(card?.country ? { cardCountry: card.country } : {}),
  };
  // A signal port that fails fails the payment before any gateway call (closed, not open).
  const fraud = await commerceErrors(() => ctx.fraud.screen(screened, card?.bin), 'STORE_UNAVAILABLE');

  const base: PaymentRecord = {
    id: paymentId,
    version: 0,
    orderId: request.orderId,
    amount: request.amount.toJSON(),
    amountMinor,
    method: request.method,
    status: 'blocked',
    captureRequested: request.capture ?? false,
    gateway: null,
    gatewayTransactionId: null,
    customerKey,
    customer: {
      email: request.customer.email,
      ...(request.customer.id ? { id: request.customer.id } : {}),
      ...(request.customer.ip ? { ip: request.customer.ip } : {}),
      ...(request.customer.deviceId ? { deviceId: request.customer.deviceId } : {}),
    },
    ...(request.billingCountry ? { billingCountry: request.billingCountry } : {}),
    ...(card ? { card: { brand: card.brand, last4: card.last4, expMonth: card.expMonth, expYear: card.expYear, fingerprint: card.fingerprint, ...(card.country ? { country: card.country } : {}) } } : {}),
    fraud,
    ledger: [],
    processorResponse: {},
    appliedEvents: [],
    createdAt,
    updatedAt: createdAt,
  };

  let record: PaymentRecord;
  if (fraud.level === 'blocked') {
    // Blocked never reaches a gateway.
    record = { ...base, status: 'blocked', errorCode: 'PAYMENT_BLOCKED', errorMessage: 'Payment blocked due to fraud risk' };
  } else {
    // High risk is authorized only, and held for a person before any capture.
    const capture = base.captureRequested && fraud.level !== 'high';
    const { gateway, outcome, attempts } = await ctx.router.authorize(request.method, (g) =>
      g.authorize({ reference: paymentId, amountMinor, currency: request.amount.currency, method: request.method, token: request.paymentToken, capture, idempotencyKey: gatewayKey }),
    );
    record = fromOutcome(ctx, { ...base, gateway: gateway.name, processorResponse: { ...outcome.raw, attempts } }, outcome, gatewayKey);
  }

  const created = await commerceErrors(() => ctx.store.create(record, { events: paymentEventsOf(null, record, ctx.clock.now()) }), 'STORE_UNAVAILABLE');
  if (!created.ok) throw new CommerceError('CONFLICT', { paymentId, reason: 'payment id already taken' });
  let stored = created.payment;
  emitChange(ctx, null, stored);
  if (created.parked.length > 0) stored = await applyParked(ctx, stored, created.parked);
  // Counting is advisory: once the payment is stored, a velocity store hiccup must not turn a
  // charged payment into an error the caller would retry.
  await ctx.fraud.record(screened, paymentId, record.status === 'failed' && record.errorCode === 'PAYMENT_DECLINED').catch(() => undefined);
  return stored;
}

function fromOutcome(ctx: PaymentContext, record: PaymentRecord, outcome: GatewayOutcome, gatewayKey: string): PaymentRecord {
  const at = record.createdAt;
  switch (outcome.outcome) {
    case 'approved': {
      const ledger: LedgerEntry[] = [entry(ctx, 'authorization', record.amountMinor, outcome.status === 'captured' ? 0 : outcome.feeMinor, outcome.operationId, gatewayKey, at)];
      if (outcome.status === 'captured') ledger.push(entry(ctx, 'capture', record.amountMinor, outcome.feeMinor, outcome.operationId, gatewayKey, at));
      const status: PaymentStatus = record.fraud.level === 'high' ? 'review' : outcome.status === 'captured' ? 'captured' : 'authorized';
      return { ...record, status, gatewayTransactionId: outcome.transactionId, ledger };
    }
    case 'declined':
      return { ...record, status: 'failed', gatewayTransactionId: outcome.transactionId ?? null, errorCode: 'PAYMENT_DECLINED', errorMessage: outcome.message, processorResponse: { ...record.processorResponse, declineCode: outcome.code } };
    case 'requires_action':
      return { ...record, status: 'requires_action', gatewayTransactionId: outcome.transactionId, processorResponse: { ...record.processorResponse, ...(outcome.actionUrl ? { actionUrl: outcome.actionUrl } : {}) } };
    case 'retryable_error':
      // Every routed gateway said nothing happened, so nothing was charged.
      return { ...record, status: 'failed', errorCode: 'PAYMENT_GATEWAY_ERROR', errorMessage: outcome.message };
    case 'unknown':
      return { ...record, status: 'unknown', gatewayTransactionId: outcome.transactionId ?? null, errorMessage: outcome.message };
  }
}

function entry(ctx: PaymentContext, kind: LedgerEntry['kind'], amountMinor: number, feeMinor: number, reference: string, idempotencyKey: string, at: number): LedgerEntry {
  return { id: ctx.ids.next('ledger'), kind, amountMinor, feeMinor, state: 'succeeded', gatewayReference: reference, idempotencyKey, at, settledAt: at };
}

async function describe(gateway: PaymentGateway, token: string): Promise<TokenDetails | null> {
  try {
    return await gateway.describeToken(token);
  } catch {
    // Screening without card details is weaker, not wrong; the gateway still decides.
    return null;
  }
}
