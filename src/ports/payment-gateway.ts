import type { PaymentMethod } from './payment-store.js';

/**
 * A payment processor. Amounts are integer minor units; every money-moving call carries the
 * caller's idempotency key so a retried call is not charged twice. Calls answer with an
 * outcome rather than throwing: a gateway that throws is treated as `unknown` (the charge
 * may have happened), never as a failure.
 */
export interface PaymentGateway {
  /** A stable name used in routing settings and stored with each payment. */
  readonly name: string;

  /**
   * Whether one authorization takes several captures (the last one `final`). A gateway
   * without it is never asked for a capture with `final: false`.
   */
  readonly multiCapture?: boolean;

  /** Details of a payment token (card brand, last 4, expiry, fingerprint, BIN), or null if unknown. */
  describeToken(token: string): Promise<TokenDetails | null>;

  /** Authorizes (and with `capture`, captures at once) `amountMinor` against the token. */
  authorize(request: {
    reference: string;
    amountMinor: number;
    currency: string;
    method: PaymentMethod;
    token: string;
    capture: boolean;
    idempotencyKey: string;
  }): Promise<GatewayOutcome>;

  /**
   * Captures part or all of an authorization. `final` (default true) releases what is left;
   * `false` keeps the authorization open for further captures (only where `multiCapture`).
   */
  capture(request: { transactionId: string; amountMinor: number; currency: string; idempotencyKey: string; final?: boolean }): Promise<GatewayOutcome>;

  /** Releases an authorization that was not captured. */
  void(request: { transactionId: string; idempotencyKey: string }): Promise<GatewayOutcome>;

  /** Returns part or all of a captured amount. */
  refund(request: { transactionId: string; amountMinor: number; currency: string; reason?: string; idempotencyKey: string }): Promise<GatewayOutcome>;

  /** The gateway's own view of a payment, by our reference (payment id) or its transaction id. */
  retrieve(request: { reference: string; transactionId?: string }): Promise<GatewayTransaction | null>;

  /**
   * Verifies a webhook's signature (refusing stale or future timestamps) and parses it.
   * Answers null when the signature does not verify with any current secret.
   */
  parseWebhook(rawBody: string, headers: Record<string, string | undefined>): Promise<GatewayWebhookEvent | null>;
}

/**
 * The decline code of a capture with `final: false` that the gateway cannot keep open for
 * this payment (the card or account is not eligible): the service answers it as
 * MULTICAPTURE_NOT_SUPPORTED. Nothing was captured.
 */
export const MULTICAPTURE_UNAVAILABLE = 'multicapture_unavailable';

/** What a token stands for. A gateway never hands out the number or CVV. */
export interface TokenDetails {
  card?: { brand: string; last4: string; expMonth: number; expYear: number; fingerprint: string; bin: string; country?: string };
}

/** The answer to a money-moving call. */
export type GatewayOutcome =
  | { outcome: 'approved'; transactionId: string; operationId: string; status: 'authorized' | 'captured' | 'voided' | 'refunded'; feeMinor: number; raw: Record<string, unknown> }
  | { outcome: 'declined'; transactionId?: string; code: string; message: string; raw: Record<string, unknown> }
  | { outcome: 'requires_action'; transactionId: string; actionUrl?: string; raw: Record<string, unknown> }
  /** Nothing happened at the gateway (connection refused, 5xx before processing): another gateway may be tried. */
  | { outcome: 'retryable_error'; message: string; raw: Record<string, unknown> }
  /**
   * No answer (timeout): the operation may or may not have happened; reconcile later.
   * `transactionId` when the gateway's id was known before the call (kept for reconciliation).
   */
  | { outcome: 'unknown'; transactionId?: string; message: string; raw: Record<string, unknown> };

/** One operation as the gateway recorded it. */
export interface GatewayOperation {
  operationId: string;
  kind: 'authorization' | 'capture' | 'void' | 'refund';
  amountMinor: number;
  feeMinor: number;
  idempotencyKey: string;
  succeeded: boolean;
}

/** The gateway's record of a payment, for reconciliation. */
export interface GatewayTransaction {
  transactionId: string;
  reference: string;
  status: 'requires_action' | 'authorized' | 'captured' | 'voided' | 'failed';
  operations: GatewayOperation[];
}

/** A verified webhook event. `paymentId` is the reference we gave at authorization. */
export interface GatewayWebhookEvent {
  id: string;
  type:
    | 'payment.authorized'
    | 'payment.captured'
    | 'payment.voided'
    | 'payment.refunded'
    | 'payment.failed'
    | 'payment.requires_action'
    /** The gateway's own fraud screening held an authorized payment for review. */
    | 'payment.review_required'
    /** The gateway's own fraud screening refused a payment whose outcome we did not know yet. */
    | 'payment.blocked'
    /** The customer disputed a captured payment (chargeback). Recorded as applied; the ledger does not change. */
    | 'payment.disputed';
  paymentId: string;
  transactionId: string;
  operationId?: string;
  /** The idempotency key of the call that caused it, when the gateway echoes it. */
  idempotencyKey?: string;
  amountMinor?: number;
  feeMinor?: number;
  /** ISO 4217 code of `amountMinor` and `feeMinor` when the gateway names one; it must be the payment's. */
  currency?: string;
  reason?: string;
  createdAt: number;
}
