import { z } from 'zod';
import { idSchema, moneySchema } from '../shared/schemas.js';
import { postalAddressSchema } from './address-schema.js';
import { CARD_NUMBER_REFUSED, containsCardNumber, phoneContainsCardNumber, valueContainsCardNumber, withoutCardNumber } from '../shared/card-number-guard.js';

/**
 * Zod schemas of every checkout command input. Every free-text string a checkout keeps (the
 * emails, every address field, the payment token and device id) is refused when it holds a
 * card number (VALIDATION_FAILED at that field), before anything is stored; the error never
 * repeats it. Ids and idempotency keys are identifiers, not text (see withoutCardNumber).
 */

/** An email a checkout keeps. */
const emailSchema = withoutCardNumber(z.email().max(254));

/** A postal address, each of its fields refused when it holds a card number (the phone read as one). */
const shopperAddressSchema = postalAddressSchema.superRefine((address, ctx) => {
  for (const [field, value] of Object.entries(address)) {
    if (typeof value !== 'string') continue;
    if (field === 'phone' ? phoneContainsCardNumber(value) : containsCardNumber(value)) {
      ctx.addIssue({ code: 'custom', path: [field], message: CARD_NUMBER_REFUSED });
    }
  }
});

export const checkoutPaymentMethodSchema = z.enum(['credit_card', 'paypal', 'apple_pay', 'google_pay', 'bank_transfer']);

export const startCheckoutSchema = z.object({
  cartId: idSchema,
  /** The signed-in shopper; omitted for a guest. */
  userId: idSchema.optional(),
  /** The signed-in shopper's account email (the host knows it); guests use updateGuestInfo. */
  email: emailSchema.optional(),
}).refine((input) => input.email === undefined || input.userId !== undefined, {
  path: ['email'],
  message: 'a guest gives an email through updateGuestInfo',
});

export const updateShippingInfoSchema = z.object({
  checkoutId: idSchema,
  shippingAddress: shopperAddressSchema,
  /** Defaults to the shipping address. */
  billingAddress: shopperAddressSchema.optional(),
});

export const updateGuestInfoSchema = z.object({
  checkoutId: idSchema,
  email: emailSchema,
});

export const selectShippingOptionSchema = z.object({
  checkoutId: idSchema,
  shippingOptionId: idSchema,
});

/**
 * A gateway token and method, never card data. This is where a card form would post, so a
 * card number anywhere in the input (extra fields too, or as a number) refuses all of it.
 */
export const updatePaymentInfoSchema = z
  .unknown()
  // The checkout id is an identifier (a host's id generator may make it of digits), so it is
  // not scanned; every field the shopper fills is.
  .refine((input) => !valueContainsCardNumber(withoutCheckoutId(input)), { message: CARD_NUMBER_REFUSED, abort: true })
  .pipe(
    z.object({
      checkoutId: idSchema,
      method: checkoutPaymentMethodSchema,
      paymentToken: z.string().trim().min(1).max(500),
      ip: z.union([z.ipv4(), z.ipv6()]).optional(),
      deviceId: z.string().trim().min(1).max(200).optional(),
    }),
  );

function withoutCheckoutId(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  const { checkoutId: _id, ...rest } = input as Record<string, unknown>;
  return rest;
}

export const checkoutIdSchema = z.object({ checkoutId: idSchema });

export const completeOrderSchema = z.object({
  checkoutId: idSchema,
  /** The caller's idempotency key; defaults to one derived from the checkout. */
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
  /** The total the shopper agreed to; if the re-priced total differs, nothing is charged. */
  expectedTotal: moneySchema.optional(),
});

export const reconcileOrderSchema = z.object({ orderId: idSchema });

export const reconcilePendingOrdersSchema = z
  .object({ limit: z.number().int().positive().max(1000).optional() })
  .optional();

export type StartCheckoutInput = z.input<typeof startCheckoutSchema>;
export type UpdateShippingInfoInput = z.input<typeof updateShippingInfoSchema>;
export type UpdateGuestInfoInput = z.input<typeof updateGuestInfoSchema>;
export type SelectShippingOptionInput = z.input<typeof selectShippingOptionSchema>;
export type UpdatePaymentInfoInput = z.output<typeof updatePaymentInfoSchema>;
export type CompleteOrderInput = z.input<typeof completeOrderSchema>;
