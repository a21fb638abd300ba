import { CommerceError } from '../shared/errors.js';
import type { GatewayWebhookEvent } from '../ports/payment-gateway.js';
import { applyGatewayEvent, type WebhookOutcome } from './gateway-events.js';
import type { PaymentContext } from './payment-context.js';

export type { WebhookOutcome } from './gateway-events.js';

/**
 * Finds the gateway whose signature verifies (each gateway checks its own secrets, several
 * during a rotation) and applies the event. Header names are matched case-insensitively.
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
  return applyGatewayEvent(ctx, event as unknown as Record<string, unknown>);
}
