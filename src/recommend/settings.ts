import { availableParallelism } from 'node:os';
import type { RecommendationSettingsInput } from './schemas.js';
import type { AlgorithmName, InteractionWeights } from './types.js';
import { ALGORITHMS, DEFAULT_INTERACTION_WEIGHTS } from './types.js';

/** Every tunable of the engine, resolved. */
export interface RecommendationSettings {
  /** Default weight of each interaction type (a `return` is negative). */
  interactionWeights: InteractionWeights;
  /**
   * Fixed weight of each algorithm in the hybrid (applied to its max-normalised scores), which
   * turns tuning off; unset, `train()` chooses them on a validation split of the log.
   */
  weights: Record<AlgorithmName, number> | undefined;
  /** Share of the log, the most recent, that `train()` holds out to choose the weights on. */
  validationShare: number;
  /** Most shoppers of the held-out period asked during that choice (a seeded sample). */
  validationShoppers: number;
  /** A shopper's interest in a product halves every this many days (SAR decay). */
  affinityHalfLifeDays: number;
  /** Trending weight halves every this many days. */
  trendingHalfLifeDays: number;
  /** The window `train()` reads for the hybrid's trending scores. */
  trendingWindowDays: number;
  /** Neighbours kept per item (co-occurrence, content, similar, bought together). */
  neighbours: number;
  /** Most similar users who vote in user-based CF. */
  similarUsers: number;
  /** EASE L2 regularisation. */
  easeLambda: number;
  /** EASE size limit: products with most buyers it covers (0 turns EASE off). */
  easeMaxItems: number;
  /** Implicit ALS: factors per shopper and product (0 turns ALS off). */
  alsFactors: number;
  /** Implicit ALS: alternating passes over shoppers and products. */
  alsIterations: number;
  /** Implicit ALS: L2 penalty on the factors. */
  alsRegularization: number;
  /** Implicit ALS: an interaction weighs 1 + alsAlpha x its affinity over the mean affinity, a product not chosen 1. */
  alsAlpha: number;
  /** Seed of what training draws at random (ALS's starting factors, the validation sample): same seed, same model. */
  seed: number;
  /** Stem product text with natural's Porter stemmer when the optional `natural` is installed. */
  stemming: boolean;
  /** Most products of a shopper's history a query reads (the most affine ones). */
  historyLimit: number;
  /** Worker threads `train()` may use for EASE's inverse and ALS: one per core (at most 8) unless set; 1 starts none. */
  trainingThreads: number;
}

export const DEFAULT_RECOMMENDATION_SETTINGS: RecommendationSettings = {
  interactionWeights: DEFAULT_INTERACTION_WEIGHTS,
  weights: undefined,
  validationShare: 0.1,
  validationShoppers: 1000,
  affinityHalfLifeDays: 30,
  trendingHalfLifeDays: 7,
  trendingWindowDays: 30,
  neighbours: 50,
  similarUsers: 50,
  easeLambda: 500,
  easeMaxItems: 5000,
  alsFactors: 64,
  alsIterations: 6,
  alsRegularization: 20,
  alsAlpha: 1,
  seed: 1,
  stemming: true,
  historyLimit: 250,
  trainingThreads: Math.min(8, availableParallelism()),
};

/** Fills in defaults; `weights`, when given, leaves every algorithm it does not name at 0. */
export function resolveSettings(s: RecommendationSettingsInput): RecommendationSettings {
  const d = DEFAULT_RECOMMENDATION_SETTINGS;
  return {
    interactionWeights: s.interactionWeights ?? d.interactionWeights,
    weights: s.weights && (Object.fromEntries(ALGORITHMS.map((a) => [a, s.weights?.[a] ?? 0])) as Record<AlgorithmName, number>),
    validationShare: s.validationShare ?? d.validationShare,
    validationShoppers: s.validationShoppers ?? d.validationShoppers,
    affinityHalfLifeDays: s.affinityHalfLifeDays ?? d.affinityHalfLifeDays,
    trendingHalfLifeDays: s.trendingHalfLifeDays ?? d.trendingHalfLifeDays,
    trendingWindowDays: s.trendingWindowDays ?? d.trendingWindowDays,
    neighbours: s.neighbours ?? d.neighbours,
    similarUsers: s.similarUsers ?? d.similarUsers,
    easeLambda: s.easeLambda ?? d.easeLambda,
    easeMaxItems: s.easeMaxItems ?? d.easeMaxItems,
    alsFactors: s.alsFactors ?? d.alsFactors,
    alsIterations: s.alsIterations ?? d.alsIterations,
    alsRegularization: s.alsRegularization ?? d.alsRegularization,
    alsAlpha: s.alsAlpha ?? d.alsAlpha,
    seed: s.seed ?? d.seed,
    stemming: s.stemming ?? d.stemming,
    historyLimit: s.historyLimit ?? d.historyLimit,
    trainingThreads: s.trainingThreads ?? d.trainingThreads,
  };
}
