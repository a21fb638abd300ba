import { z } from 'zod';
import { idSchema, moneySchema } from '../shared/schemas.js';
import { postalAddressSchema } from './address-schema.js';
import { valueContainsCardNumber } from './card-number-guard.js';

/** Zod schemas of every checkout command input. */

export const checkoutPaymentMethodSchema = z.enum(['credit_card', 'paypal', 'apple_pay', 'google_pay', 'bank_transfer']);

export const startCheckoutSchema = z.object({
  cartId: idSchema,
  /** The signed-in shopper; omitted for a guest. */
  userId: idSchema.optional(),
  /** The signed-in shopper's account email (the host knows it); guests use updateGuestInfo. */
  email: z.email().max(254).optional(),
}).refine((input) => input.email === undefined || input.userId !== undefined, {
  path: ['email'],
  message: 'a guest gives an email through updateGuestInfo',
});

export const updateShippingInfoSchema = z.object({
  checkoutId: idSchema,
  shippingAddress: postalAddressSchema,
  /** Defaults to the shipping address. */
  billingAddress: postalAddressSchema.optional(),
});

export const updateGuestInfoSchema = z.object({
  checkoutId: idSchema,
  email: z.email().max(254),
});

export const selectShippingOptionSchema = z.object({
  checkoutId: idSchema,
  shippingOptionId: idSchema,
});

/**
 * A gateway token and method, never card data: any string in the input that holds a card
 * number (13-19 digits passing Luhn) refuses the whole input, before anything is stored, and
 * the error never repeats it.
 */
export const updatePaymentInfoSchema = z
  .unknown()
  // The checkout id is the library's own (a random UUID's dash-separated digit groups can
  // pass Luhn by chance), so it is not scanned; every field the shopper fills is.
  .refine((input) => !valueContainsCardNumber(withoutCheckoutId(input)), {
    message: 'a raw card number was sent; tokenize the card with the payment gateway and send the token',
    abort: true,
  })
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
