import { z } from 'zod';
import { withoutCardNumber } from '../shared/card-number-guard.js';
import { CommerceError, validationError } from '../shared/errors.js';
import { currencySchema, idSchema } from '../shared/schemas.js';
import type { PaymentRecord } from '../ports/payment-store.js';
import { ledgerTotals } from './ledger.js';

// Integer minor units as a ledger can sum them: zod's int() refuses NaN, infinities,
// fractions and anything past Number.MAX_SAFE_INTEGER.
const minorUnits = z.number().int().nonnegative();
const reference = z.string().min(1).max(500);

const common = {
  id: idSchema,
  paymentId: idSchema,
  transactionId: z.string().max(500),
  operationId: reference.optional(),
  idempotencyKey: reference.optional(),
  feeMinor: minorUnits.optional(),
  /** The currency the gateway names for the amounts; when given, it must be the payment's. */
  currency: currencySchema.optional(),
  /** Kept as the payment's error message, so held to the card-number rule like the service's own inputs. */
  reason: withoutCardNumber(z.string().max(1000)).optional(),
  createdAt: z.number(),
};

/**
 * A gateway event as the payment service accepts it from an adapter. An event that moves
 * money (a capture, a refund) states its amount; nothing defaults to "what remains", which
 * would let an event with its amount lost capture or refund everything.
 */
const gatewayEventSchema = z.discriminatedUnion('type', [
  z.object({ ...common, type: z.enum(['payment.captured', 'payment.refunded']), amountMinor: minorUnits.positive() }),
  z.object({
    ...common,
    type: z.enum(['payment.authorized', 'payment.voided', 'payment.failed', 'payment.requires_action', 'payment.review_required', 'payment.blocked', 'payment.disputed']),
    amountMinor: minorUnits.optional(),
  }),
]);

export type CheckedGatewayEvent = z.output<typeof gatewayEventSchema>;

/**
 * Checks a verified event before anything is parked or written. A bad amount or fee is
 * `INVALID_AMOUNT`, a bad currency `INVALID_CURRENCY`, anything else `VALIDATION_FAILED`;
 * the details carry every issue.
 */
export function checkGatewayEvent(event: unknown): CheckedGatewayEvent {
  const parsed = gatewayEventSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  throw refusal(parsed.error);
}

function refusal(error: z.ZodError): CommerceError {
  const generic = validationError(error, 'gateway event');
  const first = error.issues[0];
  const field = first?.path[0];
  const code = field === 'amountMinor' || field === 'feeMinor' ? 'INVALID_AMOUNT' : field === 'currency' ? 'INVALID_CURRENCY' : null;
  return code && first ? new CommerceError(code, { ...generic.details, reason: `${String(field)}: ${first.message}` }) : generic;
}

/**
 * Refuses, before any write, an event this payment can never take: amounts in another
 * currency, an amount above the whole payment (no capture, refund or dispute can exceed
 * it), or a fee that would take the ledger's fee total past a safe integer. An event that
 * merely comes early or late (a refund before its capture) is not refused here: it is
 * recorded and ignored, and the payment reconciled.
 */
export function assertEventFits(event: CheckedGatewayEvent, record: PaymentRecord): void {
  const head = { paymentId: record.id, eventId: event.id };
  if (event.currency !== undefined && event.currency !== record.amount.currency) {
    throw new CommerceError('CURRENCY_MISMATCH', { ...head, currencies: [record.amount.currency, event.currency], reason: `the event is in ${event.currency}, the payment in ${record.amount.currency}` });
  }
  if (event.amountMinor !== undefined && event.amountMinor > record.amountMinor) {
    throw new CommerceError('INVALID_AMOUNT', { ...head, amountMinor: event.amountMinor, reason: `${event.amountMinor} minor units is more than the whole payment (${record.amountMinor})` });
  }
  if (event.feeMinor !== undefined && !Number.isSafeInteger(ledgerTotals(record.ledger).fees + event.feeMinor)) {
    throw new CommerceError('INVALID_AMOUNT', { ...head, feeMinor: event.feeMinor, reason: 'the fee takes the payment\'s fee total past a safe integer' });
  }
}
