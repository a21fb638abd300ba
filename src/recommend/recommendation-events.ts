/** Emitted after `train()` installed a new model. */
export interface RecommendationsTrained {
  trainedAt: number;
  products: number;
  users: number;
  interactions: number;
  easeItems: number;
}

/** Events of the recommendation engine. */
export interface RecommendationEvents {
  'recommendations.trained': RecommendationsTrained;
  [name: string]: unknown;
}
