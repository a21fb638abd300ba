import { z } from 'zod';
import { fitsMinorUnits, Money, MAX_MINOR_UNITS } from '../shared/money.js';
import { isCurrencyCode } from '../shared/currencies.js';
import { isRecord, plain, safeIntegerFrom } from '../shared/quick-checks.js';
import { currencySchema, decimalStringSchema, idSchema, positiveQuantitySchema, taxClassSchema } from '../shared/schemas.js';
import { objectArgument, parseInput } from '../shared/validation.js';

/** Zod schemas of every catalogue command input (exported: hosts can reuse them at their edge). */

/** Epoch ms, bounded by the largest time a JS Date can show. */
const epochMsSchema = z.number().int().nonnegative().max(8.64e15);

const textSchema = (max: number) => z.string().trim().min(1).max(max);

/** Free-form facts ("material" -> "oak"), shown and filtered on by the host. */
const attributesSchema = z
  .record(textSchema(100), z.string().max(1000))
  .refine((attributes) => Object.keys(attributes).length <= 100, { message: 'at most 100 attributes' })
  .default({});

/** Why `amount` cannot be a price in `currency`, or undefined when it can. */
function priceAmountProblem(amount: string, currency: string): string | undefined {
  if (!fitsMinorUnits(amount, currency)) return `must not exceed ${MAX_MINOR_UNITS} minor units of ${currency}`;
  try {
    const money = Money.of(amount, currency);
    if (money.isNegative()) return 'must not be negative';
    if (!money.isRounded()) return `must be rounded to the minor unit of ${currency}`;
    return undefined;
  } catch {
    return 'is not an amount';
  }
}

const tierSchema = z.object({
  /** The quantity of one line from which `amount` is the unit price (at least 2). */
  minQuantity: positiveQuantitySchema.min(2),
  amount: decimalStringSchema,
});

/** A unit price in one currency, optionally with quantity tiers and a validity window. */
export const productPriceSchema = z
  .object({
    currency: currencySchema,
    amount: decimalStringSchema,
    tiers: z.array(tierSchema).max(20).optional(),
    from: epochMsSchema.optional(),
    to: epochMsSchema.optional(),
    taxIncluded: z.boolean().optional(),
  })
  .superRefine((price, ctx) => {
    const problem = priceAmountProblem(price.amount, price.currency);
    if (problem) ctx.addIssue({ code: 'custom', path: ['amount'], message: problem });
    (price.tiers ?? []).forEach((tier, i) => {
      const tierProblem = priceAmountProblem(tier.amount, price.currency);
      if (tierProblem) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'amount'], message: tierProblem });
      const before = price.tiers?.[i - 1];
      if (before && before.minQuantity >= tier.minQuantity) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'minQuantity'], message: 'tiers must go by rising minQuantity' });
    });
    if (price.from !== undefined && price.to !== undefined && price.from >= price.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
  });

export const variantSchema = z
  .object({
    sku: idSchema,
    /** Shown after the product's name (e.g. "Red, XL"). */
    name: textSchema(500).optional(),
    attributes: attributesSchema,
    prices: z.array(productPriceSchema).max(100).default([]),
  })
  .superRefine((variant, ctx) => {
    // Of the prices valid at one time the one that started last wins, so two of one currency
    // may not start together (catalog-rules.ts, choosePrice).
    const starts = new Set<string>();
    variant.prices.forEach((price, i) => {
      const start = `${price.currency}@${price.from ?? 'always'}`;
      if (starts.has(start)) ctx.addIssue({ code: 'custom', path: ['prices', i, 'from'], message: `another ${price.currency} price starts at the same time` });
      starts.add(start);
    });
  });

/** What `saveProduct` accepts: a product, with the version it was read at (0 or none: a new one). */
export const productInputSchema = z
  .object({
    id: idSchema,
    name: textSchema(500),
    description: z.string().max(10_000).default(''),
    category: textSchema(200).optional(),
    brand: textSchema(200).optional(),
    tags: z.array(textSchema(100)).max(100).default([]),
    attributes: attributesSchema,
    active: z.boolean().default(true),
    taxClass: taxClassSchema.default('standard'),
    weightGrams: z.number().int().nonnegative().safe().default(0),
    variants: z.array(variantSchema).min(1).max(1000),
    /** The version the caller read; the save is refused (CONFLICT) when another came first. */
    version: z.number().int().nonnegative().safe().default(0),
  })
  .superRefine((product, ctx) => {
    const skus = new Set<string>();
    product.variants.forEach((variant, i) => {
      if (skus.has(variant.sku)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'sku'], message: `SKU ${variant.sku} appears twice` });
      skus.add(variant.sku);
    });
  });

export const productIdSchema = idSchema;
export const skuSchema = idSchema;

export const priceQuerySchema = z.object({
  currency: currencySchema,
  quantity: positiveQuantitySchema.default(1),
  /** Epoch ms; default now (the service's clock). */
  at: epochMsSchema.optional(),
});

export const listProductsSchema = z
  .object({
    category: textSchema(200).optional(),
    brand: textSchema(200).optional(),
    active: z.boolean().optional(),
    /** The `cursor` of the page before. */
    cursor: z.string().max(1000).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .default({ limit: 50 });

export const setActiveSchema = z.object({ productId: idSchema, active: z.boolean() });

export const quoteLinesSchema = z.object({
  items: z.array(z.object({ sku: skuSchema, quantity: positiveQuantitySchema })).min(1).max(10_000),
  currency: currencySchema,
  /** Read the store rather than the per-process cache (checkout does). */
  fresh: z.boolean().default(false),
});

type QuoteLines = z.output<typeof quoteLinesSchema>;

/**
 * The input of `quoteLines`. The cart calls it on every line edit and for every line of a
 * reprice, so its everyday shape is taken without zod (shared/quick-checks.ts); anything else
 * goes through the schema, which stays the rule (test/catalog/quick-inputs.property.test.ts).
 */
export function parseQuoteLines(items: unknown, options: unknown): QuoteLines {
  const fields = objectArgument(options, 'quoteLines');
  return quickQuoteLines(items, fields) ?? parseInput(quoteLinesSchema, { items, ...fields }, 'quoteLines');
}

/** The quick path of `parseQuoteLines`: undefined for anything it is not sure of (exported for its property test). */
export function quickQuoteLines(items: unknown, options: Record<string, unknown>): QuoteLines | undefined {
  const { currency, fresh = false } = options;
  if (typeof currency !== 'string' || currency.length !== 3 || !isCurrencyCode(currency) || typeof fresh !== 'boolean') return undefined;
  if (!Array.isArray(items) || items.length < 1 || items.length > 10_000) return undefined;
  const taken: QuoteLines['items'] = [];
  for (const item of items as unknown[]) {
    if (!isRecord(item) || !plain(item.sku, 200) || !safeIntegerFrom(item.quantity, 1)) return undefined;
    taken.push({ sku: item.sku, quantity: item.quantity });
  }
  return { items: taken, currency, fresh };
}

export const catalogCacheSchema = z
  .object({
    ttlMs: z.number().int().nonnegative().max(3_600_000).default(5000),
    maxEntries: z.number().int().positive().max(1_000_000).default(10_000),
  })
  .default({ ttlMs: 5000, maxEntries: 10_000 });

export type ProductInput = z.input<typeof productInputSchema>;
export type PriceQuery = z.input<typeof priceQuerySchema>;
export type ListProductsInput = z.input<typeof listProductsSchema>;
