import type { RecordsEvents } from './event-log.js';
import type { Replayable } from './replay.js';

/**
 * Where payments and their ledgers live. A payment is one record (status, ledger, fraud
 * decision, applied webhook event ids) under a version number: every change is one
 * compare-and-set of the whole record, so the service can check the ledger invariants on
 * the state it read and know nobody changed it before the write lands. A Redis adapter
 * does each member as one script on keys that share the payment's hash tag.
 *
 * `create` and `commit` are safe to replay with their `opId` (ports/replay.ts). `park` and
 * `dropParked` need none: parking an event twice keeps it once, and dropping twice drops
 * nothing more (a park sent again after `create` landed answers `payment_exists`, which is
 * then true; the event is applied once, since `appliedEvents` names it). Every string must be
 * well-formed Unicode (else VALIDATION_FAILED). `create` and `commit` record the `events` they
 * are given (payment.*, ports/event-log.ts) in the same atomic step, or nothing when refused.
 */
export interface PaymentStore {
  /**
   * Stores a new payment at version 1, atomically with answering the webhook events that
   * were parked for it (they stay parked until `dropParked`, so a crash cannot lose them).
   * Answers `exists` and writes nothing if the id is taken.
   */
  create(payment: PaymentRecord, step?: Replayable & RecordsEvents): Promise<{ ok: true; payment: PaymentRecord; parked: ParkedEvent[] } | { ok: false; reason: 'exists' }>;

  /** The payment, or null. */
  get(paymentId: string): Promise<PaymentRecord | null>;

  /**
   * Replaces the payment with `next` (whose ledger must extend the stored one) if its stored
   * version is still `expectedVersion`; the stored version becomes `expectedVersion + 1`.
   */
  commit(input: { next: PaymentRecord; expectedVersion: number } & Replayable & RecordsEvents): Promise<{ ok: true; payment: PaymentRecord } | { ok: false; reason: 'not_found' | 'version_conflict' }>;

  /**
   * Keeps a webhook event for a payment that is not stored yet, checked atomically against
   * `create`: answers `payment_exists` (and keeps nothing) when the payment appeared meanwhile.
   * Parking the same event id twice keeps it once.
   */
  park(event: ParkedEvent): Promise<'parked' | 'payment_exists'>;

  /** The events still parked for a payment (normally none once it is created and they are applied). */
  parkedEvents(paymentId: string): Promise<ParkedEvent[]>;

  /** Forgets parked events of a payment once they are applied. */
  dropParked(input: { paymentId: string; eventIds: string[] }): Promise<void>;

  /**
   * Forgets events parked before `receivedBefore` (their payment never appeared within the
   * retention), oldest first, at most `limit` of them; answers how many it forgot. Safe to
   * run again and from several instances: an event is forgotten once.
   */
  dropExpiredParked(input: { receivedBefore: number; limit: number }): Promise<number>;

  /**
   * What a customer has paid before, for the amount rules: payments that reached
   * `authorized` or `captured`, in one currency. The store keeps it as payments are created
   * or committed into those statuses (once per payment).
   */
  customerSpend(input: { customerKey: string; currency: string }): Promise<CustomerSpend>;
}

/** A customer's earlier successful payments in one currency, in minor units. */
export interface CustomerSpend {
  count: number;
  totalMinor: number;
  maxMinor: number;
}

export type PaymentMethod = 'credit_card' | 'paypal' | 'apple_pay' | 'google_pay' | 'bank_transfer';

export type PaymentStatus =
  | 'authorized'
  | 'captured'
  | 'partially_refunded'
  | 'refunded'
  | 'voided'
  | 'failed'
  | 'blocked'
  | 'review'
  | 'unknown'
  | 'requires_action';

export type RiskLevel = 'low' | 'medium' | 'high' | 'blocked';

/** One line of the append-only ledger. Amounts are integer minor units of the payment currency. */
export interface LedgerEntry {
  id: string;
  kind: 'authorization' | 'capture' | 'void' | 'refund';
  amountMinor: number;
  /** The gateway's fee for this transaction, minor units (0 when none). */
  feeMinor: number;
  /**
   * `pending` while the gateway call runs (it already counts against the invariants, so two
   * concurrent refunds can never both pass); then `succeeded` or `failed`, never back.
   */
  state: 'pending' | 'succeeded' | 'failed';
  /** The gateway's id of this operation, if it gave one. */
  gatewayReference?: string;
  idempotencyKey: string;
  /** A capture only: `false` when the authorization stays open for further captures (absent: final). */
  final?: boolean;
  reason?: string;
  at: number;
  settledAt?: number;
}

/** The fraud decision, stored with every payment (blocked ones too). */
export interface FraudDecision {
  score: number;
  level: RiskLevel;
  reasons: { rule: string; score: number; reason: string }[];
  screened: boolean;
}

/** A card as the library keeps it: never the number or the CVV. */
export interface StoredCard {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  /** Keyed HMAC of the number: the same card gives the same fingerprint, and cannot be reversed. */
  fingerprint: string;
  country?: string;
}

/** The stored payment. JSON-safe: amounts as decimal strings or minor units, times as epoch ms. */
export interface PaymentRecord {
  id: string;
  version: number;
  orderId: string;
  amount: { amount: string; currency: string };
  amountMinor: number;
  method: PaymentMethod;
  status: PaymentStatus;
  /** Whether the request asked to capture at once (kept for review approval and 3-D Secure). */
  captureRequested: boolean;
  gateway: string | null;
  gatewayTransactionId: string | null;
  customerKey: string;
  customer: { id?: string; email: string; ip?: string; deviceId?: string };
  billingCountry?: string;
  card?: StoredCard;
  fraud: FraudDecision;
  ledger: LedgerEntry[];
  processorResponse: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
  /** Gateway webhook event ids already applied to this payment. */
  appliedEvents: string[];
  createdAt: number;
  updatedAt: number;
}

/** A verified webhook event waiting for its payment to be stored. */
export interface ParkedEvent {
  paymentId: string;
  eventId: string;
  event: Record<string, unknown>;
  receivedAt: number;
}
