import type { Client, OrdersController, PaymentsController } from '@paypal/paypal-server-sdk';
import { isCurrencyCode } from '../../shared/currencies.js';
import { CommerceError } from '../../shared/errors.js';
import type { GatewayWebhookEvent } from '../../ports/payment-gateway.js';
import { fromPayPalValue } from './paypal-amounts.js';
import { captureIdentity } from './paypal-orders.js';
import { decodeCustomId } from './paypal-ids.js';

/** The PayPal event types the adapter applies; subscribe the webhook to these. */
export const PAYPAL_WEBHOOK_EVENTS = ['PAYMENT.AUTHORIZATION.CREATED', 'PAYMENT.AUTHORIZATION.VOIDED', 'PAYMENT.CAPTURE.COMPLETED', 'PAYMENT.CAPTURE.DENIED', 'PAYMENT.CAPTURE.REFUNDED'] as const;

interface WebhookContext {
  client: Client;
  sdk: () => Promise<{ orders: OrdersController; payments: PaymentsController }>;
  webhookId: string;
  toleranceSeconds: number;
  nowMs: number;
}

interface Resource {
  id?: string;
  status?: string;
  custom_id?: string;
  invoice_id?: string;
  amount?: { value?: string; currency_code?: string };
  seller_receivable_breakdown?: { paypal_fee?: { value?: string } };
  supplementary_data?: { related_ids?: { order_id?: string } };
  links?: { rel?: string; href?: string }[];
  disputed_transactions?: { seller_transaction_id?: string; custom?: string }[];
  dispute_amount?: { value?: string; currency_code?: string };
  reason?: string;
}

/**
 * Verifies a PayPal webhook by asking PayPal (`POST /v1/notifications/verify-webhook-signature`
 * through the SDK's own HTTP stack, base URL and OAuth token) and maps it. Refused (null):
 * missing transmission headers, a transmission time outside the tolerance either way (a
 * replayed old delivery), PayPal answering anything but SUCCESS, event types not listed.
 */
export async function parsePayPalEvent(ctx: WebhookContext, rawBody: string, headers: Record<string, string | undefined>): Promise<GatewayWebhookEvent | null> {
  const h = {
    transmissionId: headers['paypal-transmission-id'],
    transmissionTime: headers['paypal-transmission-time'],
    transmissionSig: headers['paypal-transmission-sig'],
    certUrl: headers['paypal-cert-url'],
    authAlgo: headers['paypal-auth-algo'],
  };
  if (!h.transmissionId || !h.transmissionTime || !h.transmissionSig || !h.certUrl || !h.authAlgo) return null;
  const sentAt = Date.parse(h.transmissionTime);
  if (!Number.isFinite(sentAt) || Math.abs(ctx.nowMs - sentAt) > ctx.toleranceSeconds * 1000) return null;
  let event: { id?: string; event_type?: string; create_time?: string; resource?: Resource };
  try {
    event = JSON.parse(rawBody) as typeof event;
  } catch {
    return null;
  }
  if (!(await verified(ctx, h, event))) return null;
  if (!event.id || !event.resource) return null;
  const resource = event.resource;
  const head = { id: event.id, createdAt: Date.parse(event.create_time ?? '') || sentAt };
  const orderId = resource.supplementary_data?.related_ids?.order_id;
  const paymentId = resource.custom_id;
  const base = paymentId && orderId ? { ...head, paymentId, transactionId: orderId } : undefined;
  switch (event.event_type) {
    case 'PAYMENT.AUTHORIZATION.CREATED':
      return base ? { ...base, type: 'payment.authorized', ...amountOf(resource.amount) } : null;
    case 'PAYMENT.AUTHORIZATION.VOIDED':
      return base && resource.id ? { ...base, type: 'payment.voided', operationId: resource.id } : null;
    case 'PAYMENT.CAPTURE.COMPLETED': {
      if (!base || !resource.id) return null;
      const amount = amountOf(resource.amount);
      return { ...base, type: 'payment.captured', ...captureIdentity(base.transactionId, { id: resource.id, invoiceId: resource.invoice_id }), ...amount, feeMinor: fromPayPalValue(resource.seller_receivable_breakdown?.paypal_fee?.value, amount.currency) };
    }
    case 'PAYMENT.CAPTURE.DENIED':
      return base ? { ...base, type: 'payment.failed', reason: 'CAPTURE_DENIED' } : null;
    case 'PAYMENT.CAPTURE.REFUNDED':
      return refundEvent(ctx, head, resource);
    default:
      return null;
  }
}

/**
 * A resource's amount in ISO minor units with its currency, so the service can refuse one
 * in another currency than the payment's. PayPal always sends both on these events; the body
 * is only JSON, so a missing or malformed one is refused here rather than read as 0 or USD.
 */
function amountOf(amount: Resource['amount']): { amountMinor: number; currency: string } {
  const currency = amount?.currency_code;
  if (typeof currency !== 'string' || !isCurrencyCode(currency)) {
    throw new CommerceError('INVALID_CURRENCY', { currency: typeof currency === 'string' ? currency : typeof currency, reason: 'the PayPal amount has no valid currency_code' });
  }
  if (amount?.value === undefined) throw new CommerceError('INVALID_AMOUNT', { currency, reason: 'the PayPal event has no amount value' });
  return { amountMinor: fromPayPalValue(amount.value, currency), currency };
}

async function verified(ctx: WebhookContext, h: Record<string, string | undefined>, event: unknown): Promise<boolean> {
  const builder = ctx.client.getRequestBuilderFactory()('POST');
  builder.appendPath('/v1/notifications/verify-webhook-signature');
  // The SDK's OAuth client credentials, as its own controllers use them.
  builder.authenticate([{ oauth2: true }]);
  builder.header('Content-Type', 'application/json');
  builder.json({ auth_algo: h.authAlgo, cert_url: h.certUrl, transmission_id: h.transmissionId, transmission_sig: h.transmissionSig, transmission_time: h.transmissionTime, webhook_id: ctx.webhookId, webhook_event: event });
  try {
    const { result } = await builder.callAsText();
    return (JSON.parse(result) as { verification_status?: string }).verification_status === 'SUCCESS';
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) return false;
    // PayPal unreachable: not a bad signature; the host answers 5xx and PayPal retries.
    throw new CommerceError('PAYMENT_GATEWAY_ERROR', { reason: `PayPal webhook verification failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}

/** A refund resource names its capture (`links` rel `up`); the capture names the order, whose custom_id is our reference. */
async function refundEvent(ctx: WebhookContext, head: { id: string; createdAt: number }, refund: Resource): Promise<GatewayWebhookEvent | null> {
  const captureId = refund.links?.find((l) => l.rel === 'up')?.href?.split('/').pop();
  if (!refund.id || !captureId) return null;
  const amount = amountOf(refund.amount);
  try {
    const { orders, payments } = await ctx.sdk();
    const capture = (await payments.getCapturedPayment({ captureId })).result;
    const orderId = capture.supplementaryData?.relatedIds?.orderId;
    if (!orderId) return null;
    const order = (await orders.getOrder({ id: orderId })).result;
    const paymentId = order.purchaseUnits?.[0]?.customId;
    if (!paymentId) return null;
    return { ...head, type: 'payment.refunded', paymentId, transactionId: orderId, operationId: refund.id, ...amount, ...(refund.custom_id ? { idempotencyKey: decodeCustomId(refund.custom_id) } : {}) };
  } catch (error) {
    throw new CommerceError('PAYMENT_GATEWAY_ERROR', { reason: `PayPal lookup for a refund webhook failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}
