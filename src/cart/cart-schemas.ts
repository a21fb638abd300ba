import { z } from 'zod';
import { currencySchema, decimalStringSchema, idSchema, moneyJsonSchema, moneySchema, quantitySchema } from '../shared/schemas.js';

/** Zod schemas of every cart command input (exported: hosts can reuse them at their edge). */

export const taxClassSchema = z.enum(['standard', 'reduced', 'zero']);

export const destinationSchema = z.object({
  country: z.string().trim().length(2).toUpperCase(),
  region: z.string().trim().min(1).max(20).toUpperCase().optional(),
  postalCode: z.string().trim().min(1).max(20).optional(),
});

export const createCartSchema = z.object({
  sessionId: idSchema,
  userId: idSchema.optional(),
  /** Defaults to the service's `defaultCurrency`. */
  currency: currencySchema.optional(),
});

export const cartIdSchema = idSchema;

export const addItemSchema = z.object({
  cartId: idSchema,
  productId: idSchema,
  sku: idSchema,
  name: z.string().trim().min(1).max(500),
  quantity: quantitySchema.min(1),
  /** Must be rounded to the currency's minor unit and not negative. */
  unitPrice: moneySchema.refine((m) => !m.isNegative() && m.isRounded(), {
    message: 'must be a non-negative amount rounded to the minor unit',
  }),
  taxClass: taxClassSchema.default('standard'),
  categories: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  weightGrams: z.number().int().nonnegative().safe().default(0),
});

export const lineRefSchema = z.object({ cartId: idSchema, productId: idSchema, sku: idSchema });

/** Quantity <= 0 removes the line. */
export const updateQuantitySchema = lineRefSchema.extend({ quantity: quantitySchema });

export const mergeCartsSchema = z.object({
  targetCartId: idSchema,
  sourceCartId: idSchema,
  strategy: z.enum(['sum', 'max']).default('sum'),
});

export const couponCodeSchema = z.string().trim().min(1).max(100).toUpperCase();

export const applyCouponSchema = z.object({
  cartId: idSchema,
  code: couponCodeSchema,
  /** Whose per-customer limit to check; defaults to the cart's user. */
  customerId: idSchema.optional(),
});

export const removeCouponSchema = z.object({ cartId: idSchema, code: couponCodeSchema });

export const priceCartOptionsSchema = z.object({
  destination: destinationSchema.optional(),
  shippingOptionId: idSchema.optional(),
  customerId: idSchema.optional(),
});

export const reserveCouponUsageSchema = z.object({
  cartId: idSchema,
  holdId: idSchema,
  customerId: idSchema.optional(),
});

export const couponHoldSchema = z.object({
  holdId: idSchema,
  cartId: idSchema,
  promotionIds: z.array(idSchema),
  codes: z.array(z.string()),
  customerId: idSchema.optional(),
});

export const cleanupAbandonedCartsSchema = z
  .object({ limit: z.number().int().positive().max(100_000).default(1000) })
  .default({ limit: 1000 });

const targetSchema = z.object({
  productIds: z.array(idSchema).max(10_000).optional(),
  categories: z.array(z.string().trim().min(1)).max(1000).optional(),
});

const promotionBase = {
  id: idSchema,
  code: couponCodeSchema.optional(),
  name: z.string().max(500).optional(),
  priority: z.number().int().safe().default(0),
  combinable: z.boolean().default(true),
  minSubtotal: moneyJsonSchema.optional(),
  /** Epoch ms; bounded by the largest time a JS Date can show. */
  startsAt: z.number().int().nonnegative().max(8.64e15).optional(),
  endsAt: z.number().int().nonnegative().max(8.64e15).optional(),
  usageLimit: z.number().int().nonnegative().safe().optional(),
  perCustomerLimit: z.number().int().nonnegative().safe().optional(),
};

const positiveMoneyJson = moneyJsonSchema.refine((m) => !m.amount.startsWith('-'), { message: 'must not be negative' });

/** A promotion definition: what `savePromotion` accepts. */
export const promotionSchema = z
  .discriminatedUnion('kind', [
    z.object({
      ...promotionBase,
      kind: z.literal('percentage'),
      /** Percent off, "10" or "12.5" (0..100). */
      percent: decimalStringSchema.refine((p) => !p.startsWith('-') && Number(p) <= 100, { message: 'must be within 0..100' }),
      target: targetSchema.optional(),
    }),
    z.object({ ...promotionBase, kind: z.literal('fixed_order'), amount: positiveMoneyJson }),
    z.object({ ...promotionBase, kind: z.literal('fixed_item'), amount: positiveMoneyJson, target: targetSchema.optional() }),
    z.object({ ...promotionBase, kind: z.literal('free_shipping') }),
    z.object({
      ...promotionBase,
      kind: z.literal('buy_x_get_y'),
      buyQuantity: z.number().int().positive().max(1000),
      getQuantity: z.number().int().positive().max(1000),
      target: targetSchema.optional(),
    }),
  ])
  .refine((p) => p.startsAt === undefined || p.endsAt === undefined || p.startsAt < p.endsAt, {
    message: 'startsAt must be before endsAt',
    path: ['endsAt'],
  });

export type CreateCartInput = z.input<typeof createCartSchema>;
export type AddItemInput = z.input<typeof addItemSchema>;
export type LineRefInput = z.input<typeof lineRefSchema>;
export type UpdateQuantityInput = z.input<typeof updateQuantitySchema>;
export type MergeCartsInput = z.input<typeof mergeCartsSchema>;
export type ApplyCouponInput = z.input<typeof applyCouponSchema>;
export type RemoveCouponInput = z.input<typeof removeCouponSchema>;
export type PriceCartOptions = z.input<typeof priceCartOptionsSchema>;
export type ReserveCouponUsageInput = z.input<typeof reserveCouponUsageSchema>;
export type PromotionInput = z.input<typeof promotionSchema>;
