import { z } from 'zod';
import { idSchema, moneySchema, positiveQuantitySchema } from '../shared/schemas.js';

/** Zod schemas of every orders command input. */

export const orderIdSchema = z.object({ orderId: idSchema });

export const orderNumberSchema = z.object({ orderNumber: z.string().trim().min(1).max(100) });

export const listOrdersForCustomerSchema = z.object({
  customerId: idSchema,
  limit: z.number().int().positive().max(200).optional(),
  cursor: z.string().min(1).max(500).optional(),
});

export const cancelOrderSchema = z.object({
  orderId: idSchema,
  reason: z.string().trim().min(1).max(500).optional(),
});

/** A refund of an amount, or of units of lines and/or shipping (never both kinds), up to what was captured. */
export const refundOrderSchema = z
  .object({
    orderId: idSchema,
    amount: moneySchema.refine((m) => m.isPositive() && m.isRounded(), { message: 'must be positive and rounded to the currency' }).optional(),
    lines: z
      .array(z.object({ sku: idSchema, quantity: positiveQuantitySchema }))
      .min(1)
      .refine((lines) => new Set(lines.map((l) => l.sku)).size === lines.length, { message: 'each sku at most once' })
      .optional(),
    /** Refund shipping too (with lines, or alone): `amount` of it, or all that is left of it. */
    shipping: z
      .object({ amount: moneySchema.refine((m) => m.isPositive() && m.isRounded(), { message: 'must be positive and rounded to the currency' }).optional() })
      .optional(),
    reason: z.string().trim().min(1).max(500).optional(),
    /** Put the refunded units back into stock (returned goods). Default false. */
    restock: z.boolean().optional(),
    /** A retried request with the same key refunds once. */
    idempotencyKey: z.string().trim().min(1).max(200).optional(),
  })
  .refine((input) => (input.amount === undefined) !== (input.lines === undefined && input.shipping === undefined), {
    message: 'give either an amount, or lines and/or shipping',
    path: ['amount'],
  });

export const markFulfilledSchema = z.object({
  orderId: idSchema,
  carrier: z.string().trim().min(1).max(100).optional(),
  trackingNumber: z.string().trim().min(1).max(200).optional(),
});

export type ListOrdersForCustomerInput = z.input<typeof listOrdersForCustomerSchema>;
export type CancelOrderInput = z.input<typeof cancelOrderSchema>;
export type RefundOrderInput = z.input<typeof refundOrderSchema>;
export type MarkFulfilledInput = z.input<typeof markFulfilledSchema>;
