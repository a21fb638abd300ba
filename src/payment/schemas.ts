import { z } from 'zod';
import { withoutCardNumber } from '../shared/card-number-guard.js';
import { idSchema, moneySchema } from '../shared/schemas.js';

/*
 * Every free-text string a payment keeps or sends on (the token, the customer's email and
 * device id, a refund or review reason) is refused when it holds a card number, before
 * anything is stored. Ids and idempotency keys are identifiers, not text (see
 * withoutCardNumber); the IP address and country codes cannot hold one by their format.
 */

export const paymentMethodSchema = z.enum(['credit_card', 'paypal', 'apple_pay', 'google_pay', 'bank_transfer']);

const countrySchema = z
  .string()
  .regex(/^[A-Za-z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 country code' })
  .transform((c) => c.toUpperCase());

const idempotencyKeySchema = z.string().trim().min(1).max(255);

const reasonSchema = withoutCardNumber(z.string().trim().max(500));

const positiveMoneySchema = moneySchema.refine((m) => m.isPositive() && m.isRounded(), {
  message: 'must be positive and rounded to the currency minor unit',
});

export const processPaymentSchema = z.object({
  orderId: idSchema,
  amount: positiveMoneySchema,
  method: paymentMethodSchema,
  paymentToken: withoutCardNumber(z.string().trim().min(1).max(500)),
  customer: z.object({
    id: idSchema.optional(),
    email: withoutCardNumber(z.email()),
    ip: z.union([z.ipv4(), z.ipv6()]).optional(),
    deviceId: withoutCardNumber(z.string().trim().min(1).max(200)).optional(),
  }),
  billingCountry: countrySchema.optional(),
  capture: z.boolean().optional(),
  idempotencyKey: idempotencyKeySchema.optional(),
});
export type ProcessPaymentInput = z.input<typeof processPaymentSchema>;

export const capturePaymentSchema = z.object({
  amount: positiveMoneySchema.optional(),
  /** Default true: the rest of the authorization is released. False keeps it open for further captures. */
  final: z.boolean().optional(),
  idempotencyKey: idempotencyKeySchema.optional(),
});
export type CapturePaymentInput = z.input<typeof capturePaymentSchema>;

export const voidPaymentSchema = z.object({ idempotencyKey: idempotencyKeySchema.optional() });
export type VoidPaymentInput = z.input<typeof voidPaymentSchema>;

export const refundPaymentSchema = z.object({
  amount: positiveMoneySchema.optional(),
  reason: reasonSchema.optional(),
  idempotencyKey: idempotencyKeySchema.optional(),
});
export type RefundPaymentInput = z.input<typeof refundPaymentSchema>;

export const reviewDecisionSchema = z.object({
  reason: reasonSchema.optional(),
  idempotencyKey: idempotencyKeySchema.optional(),
});
export type ReviewDecisionInput = z.input<typeof reviewDecisionSchema>;

export const paymentIdSchema = idSchema;

export const webhookInputSchema = z.object({
  rawBody: z.string().min(1).max(1_000_000),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.undefined()])),
});

export const dropExpiredParkedSchema = z.object({ limit: z.number().int().positive().max(100_000).default(1000) });
