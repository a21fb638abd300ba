import type { InteractionType } from '../ports/interaction-store.js';

/** The algorithms of the engine; each can be asked for alone or mixed in the hybrid. */
export const ALGORITHMS = ['popularity', 'trending', 'content', 'itemCooccurrence', 'userKnn', 'ease', 'als'] as const;
export type AlgorithmName = (typeof ALGORITHMS)[number];

/** A catalogue entry as the engine knows it: text, grouping and, from a catalogue, its price band. */
export interface RecommendProduct {
  productId: string;
  name: string;
  description: string;
  category: string | undefined;
  brand: string | undefined;
  tags: string[];
  /** Products within a factor of two in price share it (catalog-products.ts); absent without a price. */
  priceBand?: string;
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
 * The blend when `train()` cannot choose one (too few shoppers to hold out a validation split)
 * and no `weights` are set: every algorithm counts the same, a prior that favours no data set.
 */
export const UNTUNED_WEIGHTS: Record<AlgorithmName, number> = {
  popularity: 1,
  trending: 1,
  content: 1,
  itemCooccurrence: 1,
  userKnn: 1,
  ease: 1,
  als: 1,
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
