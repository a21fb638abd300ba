import { Dec } from '../shared/money.js';
import { cardFingerprint, validateCard, type CardInput } from '../payment/card.js';
import { signWebhook, verifyWebhookSignature } from '../payment/webhook-signature.js';
import type { Clock } from '../ports/clock.js';
import type { GatewayOperation, GatewayOutcome, GatewayTransaction, GatewayWebhookEvent, PaymentGateway, TokenDetails } from '../ports/payment-gateway.js';
import type { PaymentMethod } from '../ports/payment-store.js';
import { ManualClock } from './manual-clock.js';
import { scriptForCard, scriptForToken, TEST_CARDS, TEST_FEE_SCHEDULE, type FeeRule, type TestScript } from './test-cards.js';

export interface TestGatewayOptions {
  name?: string;
  clock?: Clock;
  /** Secrets its webhooks verify with; it signs with the first. Default `['whsec_test']`. */
  webhookSecrets?: string[];
  toleranceSeconds?: number;
  /** Host key for card fingerprints. */
  fingerprintKey?: string;
  fees?: Partial<Record<PaymentMethod, FeeRule>>;
  /** Issuing country reported for test cards (null: none, so a BinLookup decides). Default `US`. */
  cardCountry?: string | null;
  /** Whether one authorization takes several captures (`final: false` on all but the last). Default true. */
  multiCapture?: boolean;
  /** The gateway account to act on; pass one state to several TestGateways to share it. Default: its own. */
  state?: TestGatewayState;
}

type TestTransaction = GatewayTransaction & { method: PaymentMethod; authorizedMinor: number; capturedMinor: number; refundedMinor: number; capture: boolean; captureOpen?: boolean };

/**
 * The account a TestGateway acts on: its transactions, the answers it gave by idempotency key,
 * the tokens it made and its id counter. Several TestGateway objects given one state are one
 * gateway account, as several app instances (one `createCommerce` each) reach one real
 * provider: a payment authorized through one is refunded through another. In-process only.
 */
export class TestGatewayState {
  readonly transactions = new Map<string, TestTransaction>();
  readonly outcomes = new Map<string, GatewayOutcome>();
  readonly tokens = new Map<string, { script: TestScript; card: NonNullable<TokenDetails['card']> }>();
  private counter = 0;

  next(): number {
    this.counter += 1;
    return this.counter;
  }
}

/** A failure to inject into the next call of one operation. */
export type InjectedFailure = 'network_error' | 'timeout_after' | 'timeout_before' | { decline: string };

export const TEST_SIGNATURE_HEADER = 'test-gateway-signature';

/**
 * A stateful, deterministic gateway for tests and demos. Test tokens and test card numbers
 * script authorizations (see TEST_TOKENS / TEST_CARDS); `failNext` scripts later calls. It
 * keeps transactions, answers a repeated idempotency key with its first answer, charges a
 * fee per method, and signs its webhooks like a real gateway.
 */
export class TestGateway implements PaymentGateway {
  readonly name: string;
  readonly multiCapture: boolean;
  /** Every call made, in order, for assertions (`calls.filter(c => c.op === 'authorize')`). */
  readonly calls: { op: string; idempotencyKey?: string; token?: string; amountMinor?: number }[] = [];
  private readonly clock: Clock;
  private readonly secrets: string[];
  private readonly toleranceSeconds: number;
  private readonly fingerprintKey: string;
  private readonly fees: Record<PaymentMethod, FeeRule>;
  private readonly cardCountry: string | null;
  private readonly state: TestGatewayState;
  private readonly tokens: TestGatewayState['tokens'];
  private readonly transactions: TestGatewayState['transactions'];
  private readonly byKey: TestGatewayState['outcomes'];
  private readonly injected = new Map<string, InjectedFailure[]>();

  constructor(options: TestGatewayOptions = {}) {
    this.name = options.name ?? 'test';
    this.multiCapture = options.multiCapture ?? true;
    this.state = options.state ?? new TestGatewayState();
    this.tokens = this.state.tokens;
    this.transactions = this.state.transactions;
    this.byKey = this.state.outcomes;
    this.clock = options.clock ?? new ManualClock();
    this.secrets = options.webhookSecrets ?? ['whsec_test'];
    this.toleranceSeconds = options.toleranceSeconds ?? 300;
    this.fingerprintKey = options.fingerprintKey ?? 'test-fingerprint-key';
    this.fees = { ...TEST_FEE_SCHEDULE, ...options.fees };
    this.cardCountry = options.cardCountry === undefined ? 'US' : options.cardCountry;
  }

  /**
   * Turns a card into a token, as a gateway's client-side library would: the number is
   * validated (Luhn, brand, length, CVV, expiry) and dropped; only the token leaves.
   */
  tokenizeCard(card: CardInput): string {
    const summary = validateCard(card, this.clock);
    const number = card.number.replace(/[\s-]/g, '');
    const token = `tok_card_${this.next()}`;
    this.tokens.set(token, {
      script: scriptForCard(number),
      card: { ...summary, fingerprint: cardFingerprint(number, this.fingerprintKey), ...(this.cardCountry ? { country: this.cardCountry } : {}) },
    });
    return token;
  }

  /** The fee this gateway charges for capturing `amountMinor` with `method`. */
  feeFor(method: PaymentMethod, amountMinor: number): number {
    const rule = this.fees[method];
    const fee = new Dec(amountMinor).times(rule.percent).div(100).toDecimalPlaces(0, Dec.ROUND_HALF_EVEN).plus(rule.fixedMinor).toNumber();
    return rule.capMinor === undefined ? fee : Math.min(fee, rule.capMinor);
  }

  /** Makes the next call(s) of `op` fail this way, in order. */
  failNext(op: 'authorize' | 'capture' | 'void' | 'refund', ...failures: InjectedFailure[]): void {
    this.injected.set(op, [...(this.injected.get(op) ?? []), ...failures]);
  }

  describeToken(token: string): Promise<TokenDetails | null> {
    const found = this.resolve(token);
    return Promise.resolve(found ? { card: { ...found.card } } : null);
  }

  authorize(request: Parameters<PaymentGateway['authorize']>[0]): Promise<GatewayOutcome> {
    this.calls.push({ op: 'authorize', idempotencyKey: request.idempotencyKey, token: request.token, amountMinor: request.amountMinor });
    return this.once(request.idempotencyKey, 'authorize', () => {
      const script = this.resolve(request.token)?.script ?? { kind: 'decline' as const, reason: 'invalid_token' };
      if (script.kind === 'network_error') return { outcome: 'retryable_error', message: 'connection refused', raw: { gateway: this.name } };
      const id = `${this.name}_txn_${this.next()}`;
      const txn: TestTransaction = { transactionId: id, reference: request.reference, status: 'failed', operations: [], method: request.method, authorizedMinor: 0, capturedMinor: 0, refundedMinor: 0, capture: request.capture };
      this.transactions.set(id, txn);
      if (script.kind === 'decline') return { outcome: 'declined', transactionId: id, code: script.reason, message: `declined: ${script.reason}`, raw: { gateway: this.name, declineCode: script.reason } };
      if (script.kind === 'requires_action') {
        txn.status = 'requires_action';
        txn.authorizedMinor = request.amountMinor;
        return { outcome: 'requires_action', transactionId: id, actionUrl: `https://test-gateway.invalid/3ds/${id}`, raw: { gateway: this.name } };
      }
      const approved = this.settleAuthorization(txn, request.amountMinor, request.idempotencyKey);
      if (script.kind === 'timeout_after_charge') return { outcome: 'unknown', message: 'timed out after the charge was made', raw: { gateway: this.name } };
      return approved;
    });
  }

  capture(request: Parameters<PaymentGateway['capture']>[0]): Promise<GatewayOutcome> {
    this.calls.push({ op: 'capture', idempotencyKey: request.idempotencyKey, amountMinor: request.amountMinor });
    return this.once(request.idempotencyKey, 'capture', () => {
      const txn = this.transactions.get(request.transactionId);
      if (!txn || !(txn.status === 'authorized' || (txn.status === 'captured' && txn.captureOpen === true))) return this.declined('invalid_state', txn);
      if (request.final === false && !this.multiCapture) return this.declined('multicapture_unsupported', txn);
      if (request.amountMinor > txn.authorizedMinor - txn.capturedMinor) return this.declined('amount_too_large', txn);
      txn.status = 'captured';
      txn.capturedMinor += request.amountMinor;
      txn.captureOpen = request.final === false;
      return this.operation(txn, 'capture', request.amountMinor, this.feeFor(txn.method, request.amountMinor), request.idempotencyKey, 'captured');
    });
  }

  void(request: Parameters<PaymentGateway['void']>[0]): Promise<GatewayOutcome> {
    this.calls.push({ op: 'void', idempotencyKey: request.idempotencyKey });
    return this.once(request.idempotencyKey, 'void', () => {
      const txn = this.transactions.get(request.transactionId);
      if (!txn || (txn.status !== 'authorized' && txn.status !== 'requires_action')) return this.declined('invalid_state', txn);
      txn.status = 'voided';
      return this.operation(txn, 'void', txn.authorizedMinor - txn.capturedMinor, 0, request.idempotencyKey, 'voided');
    });
  }

  refund(request: Parameters<PaymentGateway['refund']>[0]): Promise<GatewayOutcome> {
    this.calls.push({ op: 'refund', idempotencyKey: request.idempotencyKey, amountMinor: request.amountMinor });
    return this.once(request.idempotencyKey, 'refund', () => {
      const txn = this.transactions.get(request.transactionId);
      if (!txn || txn.status !== 'captured') return this.declined('invalid_state', txn);
      if (request.amountMinor > txn.capturedMinor - txn.refundedMinor) return this.declined('amount_too_large', txn);
      txn.refundedMinor += request.amountMinor;
      return this.operation(txn, 'refund', request.amountMinor, 0, request.idempotencyKey, 'refunded');
    });
  }

  retrieve(request: { reference: string; transactionId?: string }): Promise<GatewayTransaction | null> {
    this.calls.push({ op: 'retrieve' });
    const txn = (request.transactionId ? this.transactions.get(request.transactionId) : undefined) ?? [...this.transactions.values()].find((t) => t.reference === request.reference);
    return Promise.resolve(txn ? structuredClone({ transactionId: txn.transactionId, reference: txn.reference, status: txn.status, operations: txn.operations }) : null);
  }

  parseWebhook(rawBody: string, headers: Record<string, string | undefined>): Promise<GatewayWebhookEvent | null> {
    const check = verifyWebhookSignature({ payload: rawBody, header: headers[TEST_SIGNATURE_HEADER], secrets: this.secrets, nowMs: this.clock.now(), toleranceSeconds: this.toleranceSeconds });
    if (!check.ok) return Promise.resolve(null);
    try {
      const event = JSON.parse(rawBody) as GatewayWebhookEvent;
      return Promise.resolve(typeof event.id === 'string' && typeof event.paymentId === 'string' && typeof event.type === 'string' ? event : null);
    } catch {
      return Promise.resolve(null);
    }
  }

  /** A webhook as this gateway would send it: the raw body and its signature header. */
  signEvent(event: Omit<GatewayWebhookEvent, 'id' | 'createdAt'> & { id?: string }, options: { secret?: string; atMs?: number } = {}): { rawBody: string; headers: Record<string, string> } {
    const at = options.atMs ?? this.clock.now();
    const rawBody = JSON.stringify({ ...event, id: event.id ?? `evt_${this.next()}`, createdAt: at });
    const header = signWebhook({ payload: rawBody, secret: options.secret ?? (this.secrets[0] as string), timestampSeconds: Math.floor(at / 1000) });
    return { rawBody, headers: { [TEST_SIGNATURE_HEADER]: header } };
  }

  /**
   * The customer finishes (or fails) 3-D Secure: the transaction is authorized (captured if
   * that was asked) and the matching signed webhook is returned for `handleWebhook`.
   */
  completeAction(transactionId: string, succeed = true): { rawBody: string; headers: Record<string, string> } {
    const txn = this.transactions.get(transactionId);
    if (!txn || txn.status !== 'requires_action') throw new Error(`TestGateway: ${transactionId} is not waiting for action`);
    if (!succeed) {
      txn.status = 'failed';
      return this.signEvent({ type: 'payment.failed', paymentId: txn.reference, transactionId, reason: 'authentication_failed' });
    }
    const outcome = this.settleAuthorization(txn, txn.authorizedMinor, `3ds:${transactionId}`);
    const operationId = outcome.outcome === 'approved' ? outcome.operationId : undefined;
    const type = (txn.status as GatewayTransaction['status']) === 'captured' ? 'payment.captured' : 'payment.authorized';
    return this.signEvent({ type, paymentId: txn.reference, transactionId, amountMinor: txn.authorizedMinor, ...(operationId ? { operationId, idempotencyKey: `3ds:${transactionId}` } : {}), ...(outcome.outcome === 'approved' ? { feeMinor: outcome.feeMinor } : {}) });
  }

  private settleAuthorization(txn: TestTransaction, amountMinor: number, idempotencyKey: string): GatewayOutcome {
    txn.authorizedMinor = amountMinor;
    txn.status = 'authorized';
    if (!txn.capture) return this.operation(txn, 'authorization', amountMinor, 0, idempotencyKey, 'authorized');
    txn.status = 'captured';
    txn.capturedMinor = amountMinor;
    const fee = this.feeFor(txn.method, amountMinor);
    const outcome = this.operation(txn, 'authorization', amountMinor, 0, idempotencyKey, 'captured');
    const operationId = outcome.outcome === 'approved' ? outcome.operationId : '';
    txn.operations.push({ operationId, kind: 'capture', amountMinor, feeMinor: fee, idempotencyKey, succeeded: true });
    return { ...outcome, feeMinor: fee } as GatewayOutcome;
  }

  private operation(txn: TestTransaction, kind: GatewayOperation['kind'], amountMinor: number, feeMinor: number, idempotencyKey: string, status: 'authorized' | 'captured' | 'voided' | 'refunded'): GatewayOutcome {
    // As the port's webhooks and the real adapters have it: an authorization is known by its transaction's id.
    const operationId = kind === 'authorization' ? txn.transactionId : `${this.name}_op_${this.next()}`;
    txn.operations.push({ operationId, kind, amountMinor, feeMinor, idempotencyKey, succeeded: true });
    return { outcome: 'approved', transactionId: txn.transactionId, operationId, status, feeMinor, raw: { gateway: this.name, operationId } };
  }

  private declined(code: string, txn: TestTransaction | undefined): GatewayOutcome {
    return { outcome: 'declined', ...(txn ? { transactionId: txn.transactionId } : {}), code, message: `declined: ${code}`, raw: { gateway: this.name, declineCode: code } };
  }

  /** Same idempotency key, same answer, without doing it again; injected failures run first. */
  private once(key: string, op: string, run: () => GatewayOutcome): Promise<GatewayOutcome> {
    const remembered = this.byKey.get(key);
    if (remembered) return Promise.resolve(structuredClone(remembered));
    const failure = this.injected.get(op)?.shift();
    if (failure === 'network_error') return Promise.resolve({ outcome: 'retryable_error', message: 'connection refused', raw: { gateway: this.name } });
    if (failure === 'timeout_before') return Promise.resolve({ outcome: 'unknown', message: 'timed out before processing', raw: { gateway: this.name } });
    if (typeof failure === 'object') return Promise.resolve({ outcome: 'declined', code: failure.decline, message: `declined: ${failure.decline}`, raw: { gateway: this.name } });
    const outcome = run();
    if (outcome.outcome !== 'retryable_error') this.byKey.set(key, outcome);
    if (failure === 'timeout_after') return Promise.resolve({ outcome: 'unknown', message: 'timed out after processing', raw: { gateway: this.name } });
    return Promise.resolve(structuredClone(outcome));
  }

  private resolve(token: string): { script: TestScript; card: NonNullable<TokenDetails['card']> } | null {
    const stored = this.tokens.get(token);
    if (stored) return stored;
    const script = scriptForToken(token);
    if (!script) return null;
    const number = TEST_CARDS.visa;
    return { script, card: { brand: 'visa', last4: number.slice(-4), bin: number.slice(0, 6), expMonth: 12, expYear: 2099, fingerprint: cardFingerprint(number, this.fingerprintKey), ...(this.cardCountry ? { country: this.cardCountry } : {}) } };
  }

  private next(): number {
    return this.state.next();
  }
}
