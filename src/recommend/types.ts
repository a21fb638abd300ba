import type { InteractionType } from '../ports/interaction-store.js';

/** The algorithms of the engine; each can be asked for alone or mixed in the hybrid. */
export const ALGORITHMS = ['popularity', 'trending', 'content', 'itemCooccurrence', 'userKnn', 'ease', 'als'] as const;
export type AlgorithmName = (typeof ALGORITHMS)[number];

/** A catalogue entry as the engine knows it (only text and grouping; prices live elsewhere). */
export interface RecommendProduct {
  productId: string;
  name: string;
  description: string;
  category: string | undefined;
  brand: string | undefined;
  tags: string[];
}

/** What one algorithm added to a result: its normalised score (0..1) and its weight in the mix. */
export interface AlgorithmContribution {
  algorithm: AlgorithmName;
  /** The algorithm's score for this product divided by its best score for this query. */
  normalizedScore: number;
  weight: number;
}

/** One recommended product, with why. */
export interface RecommendationResult {
  productId: string;
  /** The weighted sum of normalised scores; only comparable within one answer. */
  score: number;
  /** A sentence for the shopper, from the algorithm that contributed most. */
  reason: string;
  /** The algorithm that contributed most. */
  algorithm: AlgorithmName;
  /** Every algorithm that scored this product, largest contribution first. */
  contributions: AlgorithmContribution[];
}

/** A product bought in the same order as another, with how often. */
export interface BoughtTogetherResult {
  productId: string;
  /** Orders holding both products. */
  orders: number;
  /** Share of the base product's orders that also hold this one. */
  confidence: number;
  reason: string;
}

/** Per-type default weight of an interaction, when the caller gives none. */
export type InteractionWeights = Record<InteractionType, number>;

export const DEFAULT_INTERACTION_WEIGHTS: InteractionWeights = { view: 1, cart: 3, purchase: 5, return: -5 };

/**
 * Chosen by bench/recommend-tune.ts on a validation month inside the training period of the
 * Online Retail data (never on the test month): EASE carries the ranking; text similarity,
 * recent trends and a little popularity refine it. Item co-occurrence keeps a small weight as
 * the fallback for products beyond EASE's size limit. User-based CF at 0.05 gained under 0.001
 * NDCG@10 there while adding about 1 ms to a heavy buyer's query, so it is off by default.
 */
export const DEFAULT_HYBRID_WEIGHTS: Record<AlgorithmName, number> = {
  popularity: 0.05,
  trending: 0.2,
  content: 0.3,
  itemCooccurrence: 0.02,
  userKnn: 0,
  ease: 1,
  als: 0,
};

/** What a shopper with no history gets: what sells now, then what sells overall. */
export const COLD_START_ALGORITHMS = ['trending', 'popularity'] as const satisfies readonly AlgorithmName[];

export const COLD_START_WEIGHTS: Record<AlgorithmName, number> = {
  popularity: 0.25,
  trending: 1,
  content: 0,
  itemCooccurrence: 0,
  userKnn: 0,
  ease: 0,
  als: 0,
};
