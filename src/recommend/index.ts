export { RecommendationEngine, type RecommendationEngineOptions } from './recommendation-engine.js';
export type { TrainingReport } from './training-run.js';
export { DEFAULT_RECOMMENDATION_SETTINGS, type RecommendationSettings } from './settings.js';
export {
  ALGORITHMS,
  UNTUNED_WEIGHTS,
  DEFAULT_INTERACTION_WEIGHTS,
  type AlgorithmContribution,
  type AlgorithmName,
  type BoughtTogetherResult,
  type InteractionWeights,
  type RecommendationResult,
  type RecommendProduct,
} from './types.js';
export {
  boughtTogetherQuerySchema,
  interactionInputSchema,
  recommendationQuerySchema,
  recommendationSettingsSchema,
  recommendProductSchema,
  resultLimitSchema,
  similarProductsQuerySchema,
  trendingQuerySchema,
  type InteractionInput,
  type RecommendationQuery,
  type RecommendationSettingsInput,
  type RecommendProductInput,
  type TrendingQuery,
} from './schemas.js';
export { modelSnapshotSchema, type RecommendationModelSnapshot } from './model-snapshot.js';
export { saveModelSnapshotSchema } from './model-snapshot-input.js';
export type { RecommendationEvents, RecommendationsTrained } from './recommendation-events.js';
export type { InteractionStore, InteractionType, StoredInteraction, TimeRange } from '../ports/interaction-store.js';
export { saveModel, loadModel } from './saved-models.js';
export type { ModelSnapshotStore, ModelSnapshotInfo, StoredModelSnapshot } from '../ports/model-snapshot-store.js';
