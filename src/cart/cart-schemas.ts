import { z } from 'zod';
import { isCurrencyCode } from '../shared/currencies.js';
import { fitsMinorUnits } from '../shared/money.js';
import { moneyOf } from '../shared/money-cache.js';
import { isRecord, plain, safeIntegerFrom } from '../shared/quick-checks.js';
import { currencySchema, decimalStringSchema, idSchema, moneyJsonSchema, moneySchema, quantitySchema, taxClassSchema } from '../shared/schemas.js';
import { objectArgument, parseInput } from '../shared/validation.js';
import { CommerceError } from '../shared/errors.js';

/** Zod schemas of every cart command input (exported: hosts can reuse them at their edge). */

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
  /** Whether `unitPrice` includes tax; absent: as the service's `taxIncluded`. */
  taxIncluded: z.boolean().optional(),
});

/**
 * What `addItem` takes when the cart prices from the catalogue (the default): the SKU and
 * how many. Everything else a line holds (price, name, tax class, weight, categories) is the
 * catalogue's; a `unitPrice` is refused with PRICE_NOT_ALLOWED, any other key as invalid.
 */
export const addCatalogItemSchema = z.strictObject({
  cartId: idSchema,
  sku: idSchema,
  quantity: quantitySchema.min(1),
});

export const lineRefSchema = z.object({ cartId: idSchema, productId: idSchema, sku: idSchema });

/** Quantity <= 0 removes the line. */
export const updateQuantitySchema = lineRefSchema.extend({ quantity: quantitySchema });

// addItem and updateQuantity are the hottest calls of the library, so their everyday shapes
// are taken without zod (shared/quick-checks.ts): strings with nothing to trim, safe integer
// quantities, a `{ amount, currency }` price. Anything else goes through the schema, which
// stays the rule: test/cart/quick-inputs.property.test.ts checks the quick path takes nothing
// the schema refuses, with the same result. Why: docs/redis-performance.md, Quick inputs.

type AddItem = z.output<typeof addItemSchema>;
type UpdateQuantity = z.output<typeof updateQuantitySchema>;

type AddCatalogItem = z.output<typeof addCatalogItemSchema>;

/** The input of `addItem(cartId, item)` with caller prices, checked as the schema checks `{ ...item, cartId }`. */
export function parseAddItem(cartId: unknown, item: unknown): AddItem {
  const fields = objectArgument(item, 'addItem', 'item');
  return quickAddItem(cartId, fields) ?? parseInput(addItemSchema, { ...fields, cartId }, 'addItem');
}

/** The input of `addItem(cartId, { sku, quantity })` with catalogue prices. */
export function parseAddCatalogItem(cartId: unknown, item: unknown): AddCatalogItem {
  const fields = objectArgument(item, 'addItem', 'item');
  if (fields.unitPrice !== undefined) {
    throw new CommerceError('PRICE_NOT_ALLOWED', { sku: typeof fields.sku === 'string' ? fields.sku : undefined, reason: 'the unit price comes from the catalogue; send { sku, quantity }' });
  }
  return quickAddCatalogItem(cartId, fields) ?? parseInput(addCatalogItemSchema, { ...fields, cartId }, 'addItem');
}

/** The quick path of `parseAddCatalogItem` (exported for its property test). */
export function quickAddCatalogItem(cartId: unknown, item: Record<string, unknown>): AddCatalogItem | undefined {
  const { sku, quantity } = item;
  if (!plain(cartId, 200) || !plain(sku, 200) || !safeIntegerFrom(quantity, 1) || Object.keys(item).length !== 2) return undefined;
  return { cartId, sku, quantity };
}

/** The input of `updateQuantity`. */
export function parseUpdateQuantity(input: Record<string, unknown>): UpdateQuantity {
  return quickUpdateQuantity(input) ?? parseInput(updateQuantitySchema, input, 'updateQuantity');
}

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;
const TAX_CLASSES = new Set(['standard', 'reduced', 'zero']);

/** The quick path of `parseAddItem`: undefined for anything it is not sure of (exported for its property test). */
export function quickAddItem(cartId: unknown, item: Record<string, unknown>): AddItem | undefined {
  const { productId, sku, name, quantity, unitPrice, taxClass = 'standard', categories = [], weightGrams = 0, taxIncluded } = item;
  if (taxIncluded !== undefined && typeof taxIncluded !== 'boolean') return undefined;
  if (!plain(cartId, 200) || !plain(productId, 200) || !plain(sku, 200) || !plain(name, 500)) return undefined;
  if (!safeIntegerFrom(quantity, 1)) return undefined;
  if (typeof taxClass !== 'string' || !TAX_CLASSES.has(taxClass)) return undefined;
  if (!safeIntegerFrom(weightGrams, 0)) return undefined;
  if (!Array.isArray(categories) || categories.length > 50 || !categories.every((c) => plain(c, 200))) return undefined;
  if (!isRecord(unitPrice)) return undefined;
  const { amount, currency } = unitPrice;
  if (typeof amount !== 'string' || !DECIMAL.test(amount) || typeof currency !== 'string' || currency.length !== 3 || !isCurrencyCode(currency)) return undefined;
  if (!fitsMinorUnits(amount, currency)) return undefined;
  const price = moneyOf(amount, currency);
  if (price.isNegative() || !price.isRounded()) return undefined;
  const parsed: AddItem = { cartId, productId, sku, name, quantity, unitPrice: price, taxClass: taxClass as AddItem['taxClass'], categories: categories.slice(), weightGrams };
  if (taxIncluded !== undefined) parsed.taxIncluded = taxIncluded;
  return parsed;
}

/** The quick path of `parseUpdateQuantity` (exported for its property test). */
export function quickUpdateQuantity(input: Record<string, unknown>): UpdateQuantity | undefined {
  const { cartId, productId, sku, quantity } = input;
  if (!plain(cartId, 200) || !plain(productId, 200) || !plain(sku, 200) || !Number.isSafeInteger(quantity)) return undefined;
  return { cartId, productId, sku, quantity: quantity as number };
}

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
  /** The hold lapses this long after it is made unless committed (absent: it never lapses). */
  ttlMs: z.number().int().positive().max(365 * 24 * 3_600_000).optional(),
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
  minSubtotalBasis: z.enum(['before_discounts', 'after_discounts']).optional(),
  minItems: z.object({ quantity: z.number().int().positive().safe(), target: targetSchema.optional() }).optional(),
  customerGroups: z.array(z.string().trim().min(1).max(200)).min(1).max(100).optional(),
  /** Epoch ms; bounded by the largest time a JS Date can show. */
  startsAt: z.number().int().nonnegative().max(8.64e15).optional(),
  endsAt: z.number().int().nonnegative().max(8.64e15).optional(),
  usageLimit: z.number().int().nonnegative().safe().optional(),
  perCustomerLimit: z.number().int().nonnegative().safe().optional(),
};

const positiveMoneyJson = moneyJsonSchema.refine((m) => !m.amount.startsWith('-'), { message: 'must not be negative' });
/** Percent off, "10" or "12.5" (0..100). */
const percentSchema = decimalStringSchema.refine((p) => !p.startsWith('-') && Number(p) <= 100, { message: 'must be within 0..100' });
/** Most units of each line a promotion discounts. */
const maxQuantitySchema = z.number().int().positive().safe().optional();

const rewardSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('free') }),
  z.object({ kind: z.literal('percentage'), percent: percentSchema }),
  z.object({ kind: z.literal('fixed'), amount: positiveMoneyJson }),
]);

/** A promotion definition: what `savePromotion` accepts. */
export const promotionSchema = z
  .discriminatedUnion('kind', [
    z.object({ ...promotionBase, kind: z.literal('percentage'), percent: percentSchema, target: targetSchema.optional(), maxQuantity: maxQuantitySchema }),
    z.object({ ...promotionBase, kind: z.literal('fixed_order'), amount: positiveMoneyJson, target: targetSchema.optional() }),
    z.object({ ...promotionBase, kind: z.literal('fixed_item'), amount: positiveMoneyJson, target: targetSchema.optional(), maxQuantity: maxQuantitySchema }),
    z.object({ ...promotionBase, kind: z.literal('fixed_line'), amount: positiveMoneyJson, target: targetSchema.optional() }),
    z.object({ ...promotionBase, kind: z.literal('free_shipping') }),
    z.object({ ...promotionBase, kind: z.literal('shipping_amount'), amount: positiveMoneyJson }),
    z.object({ ...promotionBase, kind: z.literal('shipping_percentage'), percent: percentSchema }),
    z.object({
      ...promotionBase,
      kind: z.literal('buy_x_get_y'),
      buyQuantity: z.number().int().positive().max(1000),
      getQuantity: z.number().int().positive().max(1000),
      target: targetSchema.optional(),
      buyTarget: targetSchema.optional(),
      getTarget: targetSchema.optional(),
      reward: rewardSchema.optional(),
      maxQuantity: maxQuantitySchema,
    }),
  ])
  .refine((p) => p.startsAt === undefined || p.endsAt === undefined || p.startsAt < p.endsAt, {
    message: 'startsAt must be before endsAt',
    path: ['endsAt'],
  });

export type CreateCartInput = z.input<typeof createCartSchema>;
export type AddItemInput = z.input<typeof addItemSchema>;
export type AddCatalogItemInput = Omit<z.input<typeof addCatalogItemSchema>, 'cartId'>;
export type LineRefInput = z.input<typeof lineRefSchema>;
export type UpdateQuantityInput = z.input<typeof updateQuantitySchema>;
export type MergeCartsInput = z.input<typeof mergeCartsSchema>;
export type ApplyCouponInput = z.input<typeof applyCouponSchema>;
export type RemoveCouponInput = z.input<typeof removeCouponSchema>;
export type PriceCartOptions = z.input<typeof priceCartOptionsSchema>;
export type ReserveCouponUsageInput = z.input<typeof reserveCouponUsageSchema>;
export type PromotionInput = z.input<typeof promotionSchema>;
