import type { CheckoutPaymentIntent, Client, OrdersController, PatchOp, PaymentsController } from '@paypal/paypal-server-sdk';
import { CommerceError, isCommerceError } from '../../shared/errors.js';
import { systemClock } from '../system/system-clock.js';
import type { Clock } from '../../ports/clock.js';
import type { GatewayOutcome, GatewayTransaction, GatewayWebhookEvent, PaymentGateway, TokenDetails } from '../../ports/payment-gateway.js';
import { fromPayPalValue, toPayPalValue } from './paypal-amounts.js';
import { issueOf, payPalErrorOutcome } from './paypal-errors.js';
import { encodeCustomId, invoiceId, PAYPAL_INVOICE_ID_MAX, requestId } from './paypal-ids.js';
import { authorizationOf, authorizeOutcome, orderTransaction, refundableCapture, str, unitOf, WITH_AUTHORIZATION } from './paypal-orders.js';
import { parsePayPalEvent } from './paypal-webhooks.js';

export interface PayPalGatewayOptions {
  /** The host's own SDK client (`new Client({ clientCredentialsAuthCredentials, environment })`). */
  client: Client;
  /** The webhook id PayPal gave the endpoint; verification is asked of PayPal with it. */
  webhookId: string;
  /** Routing name. Default `paypal`. */
  name?: string;
  /** Transmission time tolerance both ways. Default 300 s. */
  toleranceSeconds?: number;
  clock?: Clock;
}

type Controllers = { orders: OrdersController; payments: PaymentsController };

/** PayPal's 422 issues for a void of an authorization that is voided already (Payments v2). */
const ALREADY_VOIDED = new Set(['AUTHORIZATION_VOIDED', 'PREVIOUSLY_VOIDED']);

/**
 * The PaymentGateway port on PayPal Orders v2 (intent AUTHORIZE). The payment token is the
 * id of an order the buyer approved (created with `createOrder` below or by the host); that
 * order id is the transaction id. Authorize checks the order's amount against the payment,
 * writes our reference as the purchase unit's `custom_id`, and authorizes; capture (partial
 * allowed, final), void and refund act on its authorization and capture. Every call sends the
 * payment's idempotency key as `PayPal-Request-Id`; captures carry it as `invoice_id` and
 * refunds as `custom_id`, so reconciliation can match them.
 */
export class PayPalGateway implements PaymentGateway {
  readonly name: string;
  /** PayPal takes several captures on one authorization (`final_capture: false` on all but the last). */
  readonly multiCapture = true;
  private readonly client: Client;
  private readonly webhookId: string;
  private readonly toleranceSeconds: number;
  private readonly clock: Clock;
  private controllers: Promise<Controllers> | undefined;

  constructor(options: PayPalGatewayOptions) {
    this.client = options.client;
    this.webhookId = options.webhookId;
    this.name = options.name ?? 'paypal';
    this.toleranceSeconds = options.toleranceSeconds ?? 300;
    this.clock = options.clock ?? systemClock;
  }

  /** Creates an AUTHORIZE order for the buyer to approve; its id is the payment token. */
  async createOrder(input: { amountMinor: number; currency: string; returnUrl?: string; cancelUrl?: string; idempotencyKey: string }): Promise<{ orderId: string; approveUrl: string | null }> {
    const { orders } = await this.sdk();
    const { result } = await orders.createOrder({
      paypalRequestId: requestId(input.idempotencyKey),
      prefer: 'return=representation',
      body: {
        intent: 'AUTHORIZE' as unknown as CheckoutPaymentIntent,
        purchaseUnits: [{ referenceId: 'default', amount: { currencyCode: input.currency, value: toPayPalValue(input.amountMinor, input.currency) } }],
        ...(input.returnUrl || input.cancelUrl ? { applicationContext: { ...(input.returnUrl ? { returnUrl: input.returnUrl } : {}), ...(input.cancelUrl ? { cancelUrl: input.cancelUrl } : {}) } } : {}),
      },
    });
    const approve = result.links?.find((l) => l.rel === 'approve' || l.rel === 'payer-action')?.href ?? null;
    return { orderId: result.id ?? '', approveUrl: approve };
  }

  async describeToken(): Promise<TokenDetails | null> {
    // A PayPal order carries no card the library could screen.
    return Promise.resolve(null);
  }

  async authorize(request: Parameters<PaymentGateway['authorize']>[0]): Promise<GatewayOutcome> {
    const orderId = request.token;
    let value: string;
    try {
      value = toPayPalValue(request.amountMinor, request.currency);
    } catch (error) {
      if (isCommerceError(error)) return { outcome: 'declined', code: 'invalid_amount', message: error.message, raw: { gateway: 'paypal' } };
      throw error;
    }
    return this.call(orderId, async ({ orders, payments }) => {
      const { result: order } = await orders.getOrder({ id: orderId });
      const unit = unitOf(order);
      if (authorizationOf(order)) return authorizeOutcome(order);
      if (unit?.amount?.value !== value || unit.amount.currencyCode !== request.currency) {
        return { outcome: 'declined', transactionId: orderId, code: 'amount_mismatch', message: `The PayPal order is for ${unit?.amount?.value ?? '?'} ${unit?.amount?.currencyCode ?? ''}, the payment for ${value} ${request.currency}`, raw: { gateway: 'paypal' } };
      }
      if (str(order.status) !== 'APPROVED') return { outcome: 'declined', transactionId: orderId, code: 'ORDER_NOT_APPROVED', message: `The PayPal order is ${order.status ?? 'unknown'}`, raw: { gateway: 'paypal' } };
      await orders.patchOrder({ id: orderId, body: [{ op: 'add' as unknown as PatchOp, path: "/purchase_units/@reference_id=='default'/custom_id", value: request.reference }] });
      const { result: authorized } = await orders.authorizeOrder({ id: orderId, paypalRequestId: requestId(request.idempotencyKey), prefer: 'return=representation' });
      const outcome = authorizeOutcome(authorized);
      let fee = 0;
      if (!request.capture || outcome.outcome !== 'approved') return outcome;
      const authId = authorizationOf(authorized)?.id ?? '';
      await payments.captureAuthorizedPayment({
        authorizationId: authId,
        paypalRequestId: requestId(`${request.idempotencyKey}:capture`),
        prefer: 'return=representation',
        body: { amount: { currencyCode: request.currency, value }, finalCapture: true, invoiceId: `${invoiceId(request.idempotencyKey).slice(0, PAYPAL_INVOICE_ID_MAX - WITH_AUTHORIZATION.length)}${WITH_AUTHORIZATION}` },
      }).then(({ result: capture }) => (fee = this.fee(capture.sellerReceivableBreakdown?.paypalFee?.value, request.currency)));
      return { ...outcome, status: 'captured', feeMinor: fee };
    });
  }

  async capture(request: Parameters<PaymentGateway['capture']>[0]): Promise<GatewayOutcome> {
    return this.call(request.transactionId, async ({ orders, payments }) => {
      const auth = authorizationOf((await orders.getOrder({ id: request.transactionId })).result);
      if (!auth?.id) return { outcome: 'declined', transactionId: request.transactionId, code: 'AUTHORIZATION_NOT_FOUND', message: 'The order has no authorization', raw: { gateway: 'paypal' } };
      const { result } = await payments.captureAuthorizedPayment({
        authorizationId: auth.id,
        paypalRequestId: requestId(request.idempotencyKey),
        prefer: 'return=representation',
        // Final (the default): PayPal releases what is not captured, as the ledger does.
        body: { amount: { currencyCode: request.currency, value: toPayPalValue(request.amountMinor, request.currency) }, finalCapture: request.final ?? true, invoiceId: invoiceId(request.idempotencyKey) },
      });
      if (str(result.status) === 'DECLINED' || str(result.status) === 'FAILED') return { outcome: 'declined', transactionId: request.transactionId, code: `CAPTURE_${result.status}`, message: `PayPal capture ${result.status}`, raw: { gateway: 'paypal', capture: result.id ?? null } };
      return { outcome: 'approved', transactionId: request.transactionId, operationId: result.id ?? '', status: 'captured', feeMinor: this.fee(result.sellerReceivableBreakdown?.paypalFee?.value, request.currency), raw: { gateway: 'paypal', capture: result.id ?? null, status: result.status ?? null } };
    });
  }

  async void(request: Parameters<PaymentGateway['void']>[0]): Promise<GatewayOutcome> {
    return this.call(request.transactionId, async ({ orders, payments }) => {
      const auth = authorizationOf((await orders.getOrder({ id: request.transactionId })).result);
      if (!auth?.id) return { outcome: 'declined', transactionId: request.transactionId, code: 'AUTHORIZATION_NOT_FOUND', message: 'The order has no authorization', raw: { gateway: 'paypal' } };
      const voided = { outcome: 'approved' as const, transactionId: request.transactionId, operationId: auth.id, status: 'voided' as const, feeMinor: 0, raw: { gateway: 'paypal', authorization: auth.id } };
      // A void sent again after its answer was lost finds the authorization voided already:
      // that is the outcome asked for, not a refusal.
      if (str(auth.status) === 'VOIDED') return voided;
      try {
        await payments.voidPayment({ authorizationId: auth.id, paypalRequestId: requestId(request.idempotencyKey), prefer: 'return=representation' });
      } catch (error) {
        if (!ALREADY_VOIDED.has(issueOf(error))) throw error;
      }
      return voided;
    });
  }

  async refund(request: Parameters<PaymentGateway['refund']>[0]): Promise<GatewayOutcome> {
    return this.call(request.transactionId, async ({ orders, payments }) => {
      const order = (await orders.getOrder({ id: request.transactionId })).result;
      const capture = refundableCapture(order, fromPayPalValue(toPayPalValue(request.amountMinor, request.currency), request.currency), request.currency);
      if (!capture?.id) return { outcome: 'declined', transactionId: request.transactionId, code: 'CAPTURE_NOT_FOUND', message: 'The order has no capture', raw: { gateway: 'paypal' } };
      const { result } = await payments.refundCapturedPayment({
        captureId: capture.id,
        paypalRequestId: requestId(request.idempotencyKey),
        prefer: 'return=representation',
        body: { amount: { currencyCode: request.currency, value: toPayPalValue(request.amountMinor, request.currency) }, customId: encodeCustomId(request.idempotencyKey), ...(request.reason ? { noteToPayer: request.reason.slice(0, 255) } : {}) },
      });
      if (str(result.status) === 'FAILED' || str(result.status) === 'CANCELLED') return { outcome: 'declined', transactionId: request.transactionId, code: `REFUND_${result.status}`, message: `PayPal refund ${result.status}`, raw: { gateway: 'paypal', refund: result.id ?? null } };
      return { outcome: 'approved', transactionId: request.transactionId, operationId: result.id ?? '', status: 'refunded', feeMinor: 0, raw: { gateway: 'paypal', refund: result.id ?? null, status: result.status ?? null } };
    });
  }

  async retrieve(request: { reference: string; transactionId?: string }): Promise<GatewayTransaction | null> {
    if (!request.transactionId) {
      // PayPal cannot be searched by our reference; the order id is kept even for an unknown outcome.
      throw new CommerceError('PAYMENT_OUTCOME_UNKNOWN', { paymentId: request.reference, reason: 'no PayPal order id is known for this payment' });
    }
    const { orders } = await this.sdk();
    try {
      return orderTransaction((await orders.getOrder({ id: request.transactionId })).result);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return null;
      throw error;
    }
  }

  async parseWebhook(rawBody: string, headers: Record<string, string | undefined>): Promise<GatewayWebhookEvent | null> {
    return parsePayPalEvent({ client: this.client, sdk: () => this.sdk(), webhookId: this.webhookId, toleranceSeconds: this.toleranceSeconds, nowMs: this.clock.now() }, rawBody, headers);
  }

  private fee(value: string | undefined, currency: string): number {
    return value === undefined ? 0 : fromPayPalValue(value, currency);
  }

  // The SDK is loaded on first use, so importing this entry never needs the optional peer.
  private sdk(): Promise<Controllers> {
    this.controllers ??= import('@paypal/paypal-server-sdk').then((m) => ({ orders: new m.OrdersController(this.client), payments: new m.PaymentsController(this.client) }));
    return this.controllers;
  }

  private async call(transactionId: string, run: (c: Controllers) => Promise<GatewayOutcome>): Promise<GatewayOutcome> {
    const controllers = await this.sdk();
    try {
      return await run(controllers);
    } catch (error) {
      if (isCommerceError(error)) return { outcome: 'declined', transactionId, code: 'invalid_amount', message: error.message, raw: { gateway: 'paypal' } };
      return payPalErrorOutcome(error, transactionId);
    }
  }
}
