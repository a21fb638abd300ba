import { z } from 'zod';
import { idSchema } from '../shared/schemas.js';
import { ALGORITHMS } from './types.js';

/** `addProduct` input: the text and grouping the content model reads. Re-adding replaces. */
export const recommendProductSchema = z.object({
  productId: idSchema,
  name: z.string().trim().min(1).max(500),
  description: z.string().max(10_000).default(''),
  category: z.string().trim().min(1).max(200).optional(),
  brand: z.string().trim().min(1).max(200).optional(),
  tags: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
});
export type RecommendProductInput = z.input<typeof recommendProductSchema>;

/**
 * `addInteraction` input. `weight` multiplies the per-type default (e.g. a quantity or a
 * rating); it is a positive magnitude, so a `return` always counts against the product.
 * `at` defaults to the Clock's now.
 */
export const interactionInputSchema = z.object({
  userId: idSchema,
  productId: idSchema,
  type: z.enum(['view', 'cart', 'purchase', 'return']),
  weight: z.number().positive().finite().max(1e6).optional(),
  at: z.number().int().nonnegative().safe().optional(),
  sessionId: idSchema.optional(),
  orderId: idSchema.optional(),
});
export type InteractionInput = z.input<typeof interactionInputSchema>;

/** How many results a query may ask for: at least one, at most 100. */
export const resultLimitSchema = z.number().int().min(1).max(100);

export const recommendationQuerySchema = z.object({
  userId: idSchema,
  limit: resultLimitSchema.default(10),
  excludePurchased: z.boolean().default(true),
  category: z.string().trim().min(1).max(200).optional(),
  /** Restrict the mix to these algorithms (default: every algorithm with a positive weight). */
  algorithms: z.array(z.enum(ALGORITHMS)).min(1).optional(),
});
export type RecommendationQuery = z.input<typeof recommendationQuerySchema>;

export const similarProductsQuerySchema = z.object({
  productId: idSchema,
  limit: resultLimitSchema.default(10),
});

export const trendingQuerySchema = z.object({
  category: z.string().trim().min(1).max(200).optional(),
  windowDays: z.number().positive().max(3650).default(7),
  limit: resultLimitSchema.default(10),
});
export type TrendingQuery = z.input<typeof trendingQuerySchema>;

export const boughtTogetherQuerySchema = z.object({
  productId: idSchema,
  limit: resultLimitSchema.default(5),
});

const weightSchema = z.number().nonnegative().finite();

/** Engine settings; every field has a default (see `DEFAULT_RECOMMENDATION_SETTINGS`). */
export const recommendationSettingsSchema = z.object({
  interactionWeights: z
    .object({ view: z.number().positive(), cart: z.number().positive(), purchase: z.number().positive(), return: z.number().negative() })
    .optional(),
  weights: z
    .partialRecord(z.enum(ALGORITHMS), weightSchema)
    .refine((w) => Object.values(w).some((x) => x > 0), 'at least one algorithm needs a positive weight')
    .optional(),
  validationShare: z.number().gt(0).lt(1).optional(),
  validationShoppers: z.number().int().min(1).max(1_000_000).optional(),
  affinityHalfLifeDays: z.number().positive().optional(),
  trendingHalfLifeDays: z.number().positive().optional(),
  trendingWindowDays: z.number().positive().optional(),
  neighbours: z.number().int().min(1).max(1000).optional(),
  similarUsers: z.number().int().min(1).max(10_000).optional(),
  easeLambda: z.number().positive().optional(),
  easeMaxItems: z.number().int().min(0).max(10_000).optional(),
  alsFactors: z.number().int().min(0).max(512).optional(),
  alsIterations: z.number().int().min(0).max(100).optional(),
  alsRegularization: z.number().positive().finite().optional(),
  alsAlpha: z.number().nonnegative().finite().optional(),
  seed: z.number().int().safe().optional(),
  stemming: z.boolean().optional(),
  historyLimit: z.number().int().min(1).max(100_000).optional(),
  trainingThreads: z.number().int().min(1).max(64).optional(),
});
export type RecommendationSettingsInput = z.input<typeof recommendationSettingsSchema>;
