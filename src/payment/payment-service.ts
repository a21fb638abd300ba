import { commerceErrors, toCommerceError } from '../shared/errors.js';
import { silentEvents, type EventSink } from '../shared/events.js';
import { boundedKey, GATEWAY_KEY_MAX, gatewayKey } from '../shared/bounded-key.js';
import { IdempotentRunner, requestFingerprint, type IdempotencySettings } from '../shared/idempotency.js';
import { parseInput } from '../shared/validation.js';
import { systemClock } from '../adapters/system/system-clock.js';
import { randomIds } from '../adapters/system/random-ids.js';
import type { BinLookup } from '../ports/bin-lookup.js';
import type { Clock } from '../ports/clock.js';
import type { GeoIp } from '../ports/geo-ip.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { IdempotencyStore } from '../ports/idempotency-store.js';
import type { PaymentGateway } from '../ports/payment-gateway.js';
import type { PaymentRecord, PaymentStore } from '../ports/payment-store.js';
import type { VelocityStore } from '../ports/velocity-store.js';
import { FraudScreening, type FraudSettings } from './fraud/engine.js';
import { GatewayRouter, type PaymentRouting } from './gateway-router.js';
import { handleWebhook, type WebhookOutcome } from './webhooks.js';
import { approveReview, moveMoney, rejectReview } from './money-operations.js';
import { loadPayment, type PaymentContext } from './payment-context.js';
import type { PaymentEvents } from './payment-events.js';
import { toPaymentResult, type PaymentResult } from './payment-result.js';
import { charge } from './process-payment.js';
import { reconcile } from './reconcile.js';
import {
  capturePaymentSchema,
  dropExpiredParkedSchema,
  paymentIdSchema,
  processPaymentSchema,
  refundPaymentSchema,
  reviewDecisionSchema,
  voidPaymentSchema,
  webhookInputSchema,
  type CapturePaymentInput,
  type ProcessPaymentInput,
  type RefundPaymentInput,
  type ReviewDecisionInput,
  type VoidPaymentInput,
} from './schemas.js';

export interface PaymentServiceOptions {
  store: PaymentStore;
  idempotency: IdempotencyStore;
  /** The gateways, by list or by name; each is known by its `name`. */
  gateways: readonly PaymentGateway[] | Readonly<Record<string, PaymentGateway>>;
  /** Method -> ordered gateway names (first, then fallbacks). Default: every gateway, in order. */
  routing?: PaymentRouting;
  fraud?: FraudSettings;
  /** Velocity counters of the fraud rules; share one across instances (`createCommerce` passes the adapters' one). */
  velocity: VelocityStore;
  /** IP to country, for the geography rule (an empty table gives no geography signal). */
  geoIp: GeoIp;
  /** Card BIN to issuing country, for the geography rule. */
  binLookup: BinLookup;
  clock?: Clock;
  ids?: IdGenerator;
  events?: EventSink<PaymentEvents>;
  idempotencySettings?: IdempotencySettings;
  /**
   * How long a webhook event for a payment not stored yet stays parked. Past it the event is
   * dropped unapplied (by `dropExpiredParkedEvents`, or when its payment appears at last:
   * `reconcilePayment` reads the gateway's own record instead). Default 7 days: longer than
   * Stripe's and PayPal's webhook retries (about 3 days each), so an event parked while its
   * payment was being created is never dropped before it.
   */
  parkedEventRetentionMs?: number;
}

/** The default of `parkedEventRetentionMs`. */
export const PARKED_EVENT_RETENTION_MS = 7 * 24 * 3_600_000;

/** Declines and blocks are answered but not remembered under the key (see processPayment). */
class NotRemembered extends Error {
  constructor(readonly record: PaymentRecord) {
    super(record.status);
  }
}

/**
 * Payments: fraud screening, authorization and capture through routed gateways, an
 * append-only ledger per payment, idempotent money movement, reconciliation and webhooks.
 */
export class PaymentService {
  private readonly ctx: PaymentContext;
  private readonly runner: IdempotentRunner;

  constructor(options: PaymentServiceOptions) {
    const clock = options.clock ?? systemClock;
    const ids = options.ids ?? randomIds;
    const router = new GatewayRouter(options.gateways, options.routing);
    const fraud = new FraudScreening(
      { velocity: options.velocity, geoIp: options.geoIp, binLookup: options.binLookup, store: options.store, clock },
      options.fraud,
    );
    this.ctx = {
      store: options.store,
      router,
      fraud,
      clock,
      ids,
      events: options.events ?? silentEvents<PaymentEvents>(),
      parkedRetentionMs: options.parkedEventRetentionMs ?? PARKED_EVENT_RETENTION_MS,
    };
    this.runner = new IdempotentRunner({ store: options.idempotency, ids, ...options.idempotencySettings });
  }

  /**
   * Screens and charges. Answers a PaymentResult for every fraud or gateway outcome; throws
   * only for bad input, store failure or an idempotency conflict. The key defaults to one
   * per order, so a retried checkout never charges twice. A payment that moved or may have
   * moved money (authorized, captured, review, requires_action, unknown) is remembered under
   * the key; a decline or block is not, so the customer can try another card for the order.
   * A replay does not call the gateway again and answers the payment's current state.
   */
  async processPayment(input: ProcessPaymentInput): Promise<PaymentResult> {
    const request = parseInput(processPaymentSchema, input, 'processPayment');
    const key = request.idempotencyKey ?? `payment:order:${request.orderId}`;
    const fingerprint = { op: 'processPayment', ...request, amount: request.amount.toJSON(), idempotencyKey: undefined };
    // The gateway key names this exact request, so a gateway dedupes a retry after a crash.
    const gatewayKey = boundedKey(`${key}:${requestFingerprint(fingerprint).slice(0, 16)}`, GATEWAY_KEY_MAX);
    try {
      const { result, replayed } = await this.runner.run(key, fingerprint, async () => {
        const record = await charge(this.ctx, request, gatewayKey);
        if (record.status === 'failed' || record.status === 'blocked') throw new NotRemembered(record);
        return toPaymentResult(record);
      });
      if (!replayed) return result;
      // A replay answers the payment as it is now: a checkout retried after 3-D Secure or
      // reconciliation sees `captured`, not the `requires_action` it was first told.
      const current = await commerceErrors(() => this.ctx.store.get(result.paymentId), 'STORE_UNAVAILABLE');
      return current ? toPaymentResult(current) : result;
    } catch (error) {
      if (error instanceof NotRemembered) return toPaymentResult(error.record);
      throw toCommerceError(error);
    }
  }

  /**
   * Captures all (default) or part of an authorization; the rest is released, unless
   * `final: false` keeps it open for further captures (gateways with `multiCapture`; else
   * MULTICAPTURE_NOT_SUPPORTED). The ledger keeps the captures' sum within the authorization.
   * Without a key,
   * the key names the amount, so a retry of the same capture is answered once, and a second,
   * different capture is judged on the payment's state (PAYMENT_INVALID_TRANSITION or
   * CAPTURE_EXCEEDS_AUTHORIZED), never taken for a misused key.
   */
  async capturePayment(paymentId: string, input: CapturePaymentInput = {}): Promise<PaymentResult> {
    const id = parseInput(paymentIdSchema, paymentId, 'paymentId');
    const request = parseInput(capturePaymentSchema, input, 'capturePayment');
    const final = request.final ?? true;
    const key = request.idempotencyKey ?? `capture:${id}:${request.amount ? request.amount.toMinorUnits() : 'rest'}${final ? '' : ':open'}`;
    return this.#once(key, { op: 'capture', id, amount: request.amount?.toJSON(), ...(final ? {} : { final }) }, () =>
      moveMoney(this.ctx, { paymentId: id, kind: 'capture', amount: request.amount, idempotencyKey: gatewayKey(key), final }),
    );
  }

  /** Releases an authorization that was not captured. */
  async voidPayment(paymentId: string, input: VoidPaymentInput = {}): Promise<PaymentResult> {
    const id = parseInput(paymentIdSchema, paymentId, 'paymentId');
    const request = parseInput(voidPaymentSchema, input, 'voidPayment');
    const key = request.idempotencyKey ?? `void:${id}`;
    return this.#once(key, { op: 'void', id }, () => moveMoney(this.ctx, { paymentId: id, kind: 'void', idempotencyKey: gatewayKey(key) }));
  }

  /**
   * Refunds all that remains (default) or part of it; may be called several times. Without
   * a key every call is a new refund, so pass one to make retries safe.
   */
  async refundPayment(paymentId: string, input: RefundPaymentInput = {}): Promise<PaymentResult> {
    const id = parseInput(paymentIdSchema, paymentId, 'paymentId');
    const request = parseInput(refundPaymentSchema, input, 'refundPayment');
    const key = request.idempotencyKey ?? `refund:${id}:${this.ctx.ids.next('refund')}`;
    return this.#once(key, { op: 'refund', id, amount: request.amount?.toJSON(), reason: request.reason }, () =>
      moveMoney(this.ctx, { paymentId: id, kind: 'refund', amount: request.amount, reason: request.reason, idempotencyKey: gatewayKey(key) }),
    );
  }

  /** A person approved a payment held for review: authorized, and captured if that was asked. */
  async approvePayment(paymentId: string, input: ReviewDecisionInput = {}): Promise<PaymentResult> {
    const id = parseInput(paymentIdSchema, paymentId, 'paymentId');
    const request = parseInput(reviewDecisionSchema, input, 'approvePayment');
    const key = request.idempotencyKey ?? `approve:${id}`;
    return this.#once(key, { op: 'approve', id }, () => approveReview(this.ctx, id, gatewayKey(key)));
  }

  /** A person rejected a payment held for review: its authorization is voided. */
  async rejectPayment(paymentId: string, input: ReviewDecisionInput = {}): Promise<PaymentResult> {
    const id = parseInput(paymentIdSchema, paymentId, 'paymentId');
    const request = parseInput(reviewDecisionSchema, input, 'rejectPayment');
    const key = request.idempotencyKey ?? `reject:${id}`;
    return this.#once(key, { op: 'reject', id, reason: request.reason }, () => rejectReview(this.ctx, id, gatewayKey(key), request.reason));
  }

  /** Asks the gateway what happened and settles `unknown` / pending operations by its answer. */
  async reconcilePayment(paymentId: string): Promise<PaymentResult> {
    const id = parseInput(paymentIdSchema, paymentId, 'paymentId');
    return commerceErrors(async () => toPaymentResult(await reconcile(this.ctx, id)));
  }

  async getPayment(paymentId: string): Promise<PaymentResult | null> {
    const id = parseInput(paymentIdSchema, paymentId, 'paymentId');
    const record = await commerceErrors(() => this.ctx.store.get(id), 'STORE_UNAVAILABLE');
    return record ? toPaymentResult(record) : null;
  }

  /** The stored payment with its ledger and fraud decision, for back-office views. */
  async getPaymentRecord(paymentId: string): Promise<PaymentRecord> {
    const id = parseInput(paymentIdSchema, paymentId, 'paymentId');
    return commerceErrors(() => loadPayment(this.ctx, id));
  }

  /**
   * A gateway webhook: verified by the gateway that signed it (`WEBHOOK_SIGNATURE_INVALID`
   * otherwise), applied once per event id, kept until its payment exists.
   */
  async handleWebhook(rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<WebhookOutcome> {
    const request = parseInput(webhookInputSchema, { rawBody, headers }, 'handleWebhook');
    return commerceErrors(() => handleWebhook(this.ctx, request.rawBody, request.headers));
  }

  /**
   * Drops webhook events parked longer than `parkedEventRetentionMs` for a payment that never
   * appeared, oldest first, at most `limit` (default 1000) per call: schedule it (hourly is
   * plenty) and call again while it answers `limit`. Safe from several instances at once.
   */
  async dropExpiredParkedEvents(options: { limit?: number } = {}): Promise<{ dropped: number }> {
    const { limit } = parseInput(dropExpiredParkedSchema, options, 'dropExpiredParkedEvents');
    const receivedBefore = this.ctx.clock.now() - this.ctx.parkedRetentionMs;
    return { dropped: await commerceErrors(() => this.ctx.store.dropExpiredParked({ receivedBefore, limit }), 'STORE_UNAVAILABLE') };
  }

  async #once(key: string, request: unknown, operation: () => Promise<PaymentRecord>): Promise<PaymentResult> {
    return commerceErrors(async () => (await this.runner.run(key, request, async () => toPaymentResult(await operation()))).result);
  }

}

