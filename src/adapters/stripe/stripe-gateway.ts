import type Stripe from 'stripe';
import { boundedKey } from '../../shared/bounded-key.js';
import { CommerceError, isCommerceError } from '../../shared/errors.js';
import { systemClock } from '../system/system-clock.js';
import type { Clock } from '../../ports/clock.js';
import { MULTICAPTURE_UNAVAILABLE, type GatewayOutcome, type GatewayTransaction, type GatewayWebhookEvent, type PaymentGateway, type TokenDetails } from '../../ports/payment-gateway.js';
import { toStripeAmount } from './stripe-amounts.js';
import { cardBrandOf } from './stripe-cards.js';
import { errorOutcome, refusedOutcome } from './stripe-errors.js';
import { intentOutcome, META, multicaptureOf, refundOutcome, transactionOf } from './stripe-outcomes.js';
import { parseStripeEvent } from './stripe-webhooks.js';

export interface StripeGatewayOptions {
  /** The host's own client: `new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000 })`. */
  stripe: Stripe;
  /** Endpoint signing secrets (`whsec_...`); several during a rotation. */
  webhookSecrets: string[];
  /** Routing name. Default `stripe`. */
  name?: string;
  /** Where a redirect-based 3-D Secure returns the customer; without it Stripe answers `use_stripe_sdk`. */
  returnUrl?: string;
  /** Webhook timestamp tolerance both ways. Default 300 s (Stripe's). */
  toleranceSeconds?: number;
  /**
   * How far back reconciliation lists PaymentIntents (strongly consistent) before falling back
   * to Search (which can lag about a minute) to find one by reference. Default 1 h.
   */
  lookbackMs?: number;
  /**
   * Ask Stripe for multicapture (several partial captures on one authorization, each but the
   * last with `final_capture: false`; docs.stripe.com/payments/multicapture). An account
   * feature (IC+ pricing) for online card payments: turn it on only if your account has it.
   * Each authorization asks with `request_multicapture: 'if_available'`; where the card is
   * not eligible, a capture with `final: false` is refused (MULTICAPTURE_NOT_SUPPORTED, nothing
   * captured) and a final capture still works. Default false.
   */
  multiCapture?: boolean;
  clock?: Clock;
}

/**
 * The PaymentGateway port on Stripe PaymentIntents. Cards, Apple Pay and Google Pay tokens
 * (Stripe.js gives a `pm_...` PaymentMethod or a `tok_...` token; a token becomes a card
 * PaymentMethod through `payment_method_data`). Authorization is a PaymentIntent with
 * `capture_method: manual` confirmed at creation; every money-moving call sends the payment's
 * idempotency key as Stripe's `Idempotency-Key` and records it in metadata for reconciliation.
 */
export class StripeGateway implements PaymentGateway {
  readonly name: string;
  readonly multiCapture: boolean;
  private readonly stripe: Stripe;
  private readonly secrets: string[];
  private readonly returnUrl: string | undefined;
  private readonly toleranceSeconds: number;
  private readonly lookbackMs: number;
  private readonly clock: Clock;

  constructor(options: StripeGatewayOptions) {
    this.stripe = options.stripe;
    this.secrets = [...options.webhookSecrets];
    this.name = options.name ?? 'stripe';
    this.multiCapture = options.multiCapture ?? false;
    this.returnUrl = options.returnUrl;
    this.toleranceSeconds = options.toleranceSeconds ?? 300;
    this.lookbackMs = options.lookbackMs ?? 3_600_000;
    this.clock = options.clock ?? systemClock;
  }

  async describeToken(token: string): Promise<TokenDetails | null> {
    let card: Stripe.PaymentMethod.Card | Stripe.Card | null | undefined;
    if (token.startsWith('pm_')) card = (await this.stripe.paymentMethods.retrieve(token)).card;
    else if (token.startsWith('tok_')) card = (await this.stripe.tokens.retrieve(token)).card;
    if (!card) return null;
    return {
      card: {
        brand: cardBrandOf(card.brand),
        last4: card.last4,
        expMonth: card.exp_month,
        expYear: card.exp_year,
        fingerprint: card.fingerprint ?? '',
        // Stripe does not expose the BIN; an empty one makes the fraud engine skip BinLookup.
        bin: '',
        ...(card.country ? { country: card.country } : {}),
      },
    };
  }

  async authorize(request: Parameters<PaymentGateway['authorize']>[0]): Promise<GatewayOutcome> {
    const amount = this.amount(request.amountMinor, request.currency);
    if (typeof amount !== 'number') return amount;
    return this.call(async () =>
      intentOutcome(
        await this.stripe.paymentIntents.create(
          {
            amount,
            currency: request.currency.toLowerCase(),
            capture_method: request.capture ? 'automatic' : 'manual',
            confirm: true,
            // Wallets (Apple Pay, Google Pay) are card PaymentMethods; no redirect-only methods.
            allowed_payment_method_types: ['card'],
            payment_method: await this.paymentMethod(request.token, request.idempotencyKey),
            ...(this.returnUrl ? { return_url: this.returnUrl } : {}),
            ...(this.multiCapture && !request.capture ? { payment_method_options: { card: { request_multicapture: 'if_available' as const } } } : {}),
            metadata: { [META.reference]: request.reference, [META.authorizeKey]: request.idempotencyKey, ck_method: request.method },
            expand: ['latest_charge.balance_transaction'],
          },
          { idempotencyKey: stripeKey(request.idempotencyKey) },
        ),
      ),
    );
  }

  async capture(request: Parameters<PaymentGateway['capture']>[0]): Promise<GatewayOutcome> {
    const amount = this.amount(request.amountMinor, request.currency);
    if (typeof amount !== 'number') return amount;
    const final = request.final !== false;
    return this.call(async () => {
      if (!final) {
        // Stripe says after authorization whether this card got multicapture; asking first
        // refuses a partial capture it cannot take before any money moves.
        const intent = await this.stripe.paymentIntents.retrieve(request.transactionId, { expand: ['latest_charge'] });
        if (multicaptureOf(intent) !== 'available') return refusedOutcome('Stripe did not grant multicapture for this payment (card or account not eligible)', MULTICAPTURE_UNAVAILABLE);
      }
      const captured = await this.stripe.paymentIntents.capture(
        request.transactionId,
        {
          amount_to_capture: amount,
          ...(final ? {} : { final_capture: false }),
          metadata: { [META.captureKey]: request.idempotencyKey },
          expand: ['latest_charge.balance_transaction'],
        },
        { idempotencyKey: stripeKey(request.idempotencyKey) },
      );
      return intentOutcome(captured, final ? 'capture' : 'partial_capture');
    });
  }

  async void(request: Parameters<PaymentGateway['void']>[0]): Promise<GatewayOutcome> {
    return this.call(async () => {
      // Cancel takes no metadata: the key is written first so reconciliation can tell our void.
      await this.stripe.paymentIntents.update(request.transactionId, { metadata: { [META.voidKey]: request.idempotencyKey } }, { idempotencyKey: stripeKey(`${request.idempotencyKey}:mark`) });
      return intentOutcome(await this.stripe.paymentIntents.cancel(request.transactionId, {}, { idempotencyKey: stripeKey(request.idempotencyKey) }));
    });
  }

  async refund(request: Parameters<PaymentGateway['refund']>[0]): Promise<GatewayOutcome> {
    const amount = this.amount(request.amountMinor, request.currency);
    if (typeof amount !== 'number') return amount;
    return this.call(async () => {
      const refund = await this.stripe.refunds.create(
        { payment_intent: request.transactionId, amount, metadata: { [META.refundKey]: request.idempotencyKey, ...(request.reason ? { ck_reason: request.reason.slice(0, 500) } : {}) } },
        { idempotencyKey: stripeKey(request.idempotencyKey) },
      );
      return refundOutcome(request.transactionId, refund);
    });
  }

  async retrieve(request: { reference: string; transactionId?: string }): Promise<GatewayTransaction | null> {
    const expand = ['latest_charge.balance_transaction'];
    let intent: Stripe.PaymentIntent | null;
    if (request.transactionId) intent = await this.stripe.paymentIntents.retrieve(request.transactionId, { expand });
    else intent = await this.findByReference(request.reference);
    if (!intent) return null;
    if (typeof intent.latest_charge === 'string') intent = await this.stripe.paymentIntents.retrieve(intent.id, { expand });
    const refunds: Stripe.Refund[] = [];
    for await (const refund of this.stripe.refunds.list({ payment_intent: intent.id, limit: 100 })) refunds.push(refund);
    const transaction = transactionOf(intent, refunds.sort((a, b) => a.created - b.created));
    if (!transaction) throw new CommerceError('PAYMENT_OUTCOME_UNKNOWN', { paymentId: request.reference, reason: `Stripe reports ${intent.status}; try again later` });
    return transaction;
  }

  parseWebhook(rawBody: string, headers: Record<string, string | undefined>): Promise<GatewayWebhookEvent | null> {
    return parseStripeEvent({ stripe: this.stripe, secrets: this.secrets, toleranceSeconds: this.toleranceSeconds, nowMs: this.clock.now() }, rawBody, headers['stripe-signature']);
  }

  /**
   * A PaymentIntent whose outcome was unknown has no id on our side: recent ones are listed
   * (consistent at once), older ones found through Search (indexed within about a minute,
   * which the lookback covers). Null only when neither knows the reference.
   */
  private async findByReference(reference: string): Promise<Stripe.PaymentIntent | null> {
    const since = Math.floor((this.clock.now() - this.lookbackMs) / 1000);
    for await (const intent of this.stripe.paymentIntents.list({ created: { gte: since }, limit: 100 })) {
      if (intent.metadata[META.reference] === reference) return intent;
    }
    const escaped = reference.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    const found = await this.stripe.paymentIntents.search({ query: `metadata['${META.reference}']:'${escaped}'`, limit: 1 });
    return found.data[0] ?? null;
  }

  /**
   * A wallet or legacy token (`tok_...`, what Apple Pay and Google Pay give through Stripe)
   * becomes a card PaymentMethod first, under a key derived from the payment's, so a retry
   * makes the same one.
   */
  private async paymentMethod(token: string, idempotencyKey: string): Promise<string> {
    if (!token.startsWith('tok_')) return token;
    const created = await this.stripe.paymentMethods.create({ type: 'card', card: { token } }, { idempotencyKey: stripeKey(`${idempotencyKey}:payment-method`) });
    return created.id;
  }

  private amount(amountMinor: number, currency: string): number | GatewayOutcome {
    try {
      return toStripeAmount(amountMinor, currency);
    } catch (error) {
      if (isCommerceError(error)) return refusedOutcome(typeof error.details.reason === 'string' ? error.details.reason : error.message, error.code === 'INVALID_CURRENCY' ? 'invalid_currency' : 'invalid_amount');
      throw error;
    }
  }

  private async call(run: () => Promise<GatewayOutcome>): Promise<GatewayOutcome> {
    try {
      return await run();
    } catch (error) {
      return errorOutcome(error);
    }
  }
}

/**
 * Stripe takes an `Idempotency-Key` of at most 255 characters (docs.stripe.com/idempotency);
 * a longer one, even with the suffix the adapter adds, is shortened the same way every time.
 */
export const STRIPE_KEY_MAX = 255;

function stripeKey(key: string): string {
  return boundedKey(key, STRIPE_KEY_MAX);
}
