import type { CommerceErrorCode } from '../shared/error-codes.js';
import { Money, type MoneyJSON } from '../shared/money.js';
import type { PaymentMethod, PaymentRecord, PaymentStatus, RiskLevel } from '../ports/payment-store.js';
import { ledgerTotals } from './ledger.js';

/**
 * What every payment call answers: the seed's fields (payment id, status, amount, currency,
 * gateway transaction id, fraud level and score, processor response, fees, created at,
 * success, error message) plus what the ledger says. JSON-safe, so it can be stored as an
 * idempotent result and sent over HTTP as is.
 */
export interface PaymentResult {
  paymentId: string;
  orderId: string;
  status: PaymentStatus;
  /** True when the payment holds or moved money as asked: authorized, captured, refunded, voided. */
  success: boolean;
  amount: MoneyJSON;
  currency: string;
  method: PaymentMethod;
  gateway: string | null;
  gatewayTransactionId: string | null;
  fraudRiskLevel: RiskLevel;
  fraudScore: number;
  fraudReasons: string[];
  processorResponse: Record<string, unknown>;
  /** Sum of the gateway's fees over the settled ledger. */
  fees: MoneyJSON;
  authorizedAmount: MoneyJSON;
  capturedAmount: MoneyJSON;
  refundedAmount: MoneyJSON;
  card?: { brand: string; last4: string; expMonth: number; expYear: number };
  /** For `requires_action`: what the customer must do (3-D Secure), where the gateway said. */
  nextAction?: { type: 'three_d_secure'; url?: string };
  createdAt: number;
  updatedAt: number;
  errorCode?: CommerceErrorCode;
  errorMessage?: string;
}

const SUCCESS: ReadonlySet<PaymentStatus> = new Set(['authorized', 'captured', 'partially_refunded', 'refunded', 'voided']);

const STATUS_ERRORS: Partial<Record<PaymentStatus, CommerceErrorCode>> = {
  blocked: 'PAYMENT_BLOCKED',
  review: 'PAYMENT_IN_REVIEW',
  unknown: 'PAYMENT_OUTCOME_UNKNOWN',
  requires_action: 'PAYMENT_REQUIRES_ACTION',
};

export function toPaymentResult(record: PaymentRecord): PaymentResult {
  const currency = record.amount.currency;
  const totals = ledgerTotals(record.ledger);
  const money = (minor: number): MoneyJSON => Money.fromMinor(minor, currency).toJSON();
  const errorCode = record.status === 'failed' ? ((record.errorCode as CommerceErrorCode | undefined) ?? 'PAYMENT_DECLINED') : STATUS_ERRORS[record.status];
  const actionUrl = record.processorResponse.actionUrl;
  return {
    paymentId: record.id,
    orderId: record.orderId,
    status: record.status,
    success: SUCCESS.has(record.status),
    amount: { ...record.amount },
    currency,
    method: record.method,
    gateway: record.gateway,
    gatewayTransactionId: record.gatewayTransactionId,
    fraudRiskLevel: record.fraud.level,
    fraudScore: record.fraud.score,
    fraudReasons: record.fraud.reasons.map((r) => r.reason),
    processorResponse: structuredClone(record.processorResponse),
    fees: money(totals.fees),
    authorizedAmount: money(totals.authorized),
    capturedAmount: money(totals.captured),
    refundedAmount: money(totals.refunded),
    ...(record.card ? { card: { brand: record.card.brand, last4: record.card.last4, expMonth: record.card.expMonth, expYear: record.card.expYear } } : {}),
    ...(record.status === 'requires_action' ? { nextAction: { type: 'three_d_secure' as const, ...(typeof actionUrl === 'string' ? { url: actionUrl } : {}) } } : {}),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ...(errorCode ? { errorCode } : {}),
    ...(errorCode ? { errorMessage: record.errorMessage ?? defaultMessage(record.status) } : {}),
  };
}

function defaultMessage(status: PaymentStatus): string {
  switch (status) {
    case 'blocked':
      return 'Payment blocked due to fraud risk';
    case 'review':
      return 'Payment held for manual review';
    case 'unknown':
      return 'The gateway did not answer; the payment will be reconciled';
    case 'requires_action':
      return 'The customer must complete 3-D Secure';
    default:
      return 'The payment failed';
  }
}
