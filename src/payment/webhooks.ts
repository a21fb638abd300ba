import { CommerceError } from '../shared/errors.js';
import type { GatewayWebhookEvent } from '../ports/payment-gateway.js';
import { checkGatewayEvent } from './gateway-event-check.js';
import { applyGatewayEvent, type WebhookOutcome } from './gateway-events.js';
import type { PaymentContext } from './payment-context.js';

export type { WebhookOutcome } from './gateway-events.js';

/**
 * Finds the gateway whose signature verifies (each gateway checks its own secrets, several
 * during a rotation), checks the whole event, and applies it. Header names are matched
 * case-insensitively. A signed event with a bad amount, fee or currency is refused with a
 * CommerceError before anything is parked or written; the gateway's retries meet the same
 * answer, and reconcilePayment reads the gateway's own record.
 */
export async function handleWebhook(ctx: PaymentContext, rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<WebhookOutcome> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  let event: GatewayWebhookEvent | null = null;
  for (const gateway of ctx.router.all()) {
    event = await gateway.parseWebhook(rawBody, flat);
    if (event) break;
  }
  if (!event) throw new CommerceError('WEBHOOK_SIGNATURE_INVALID', { reason: 'no configured gateway verifies this signature' });
  return applyGatewayEvent(ctx, checkGatewayEvent(event));
}
