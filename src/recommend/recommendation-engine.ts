import { systemClock } from '../adapters/system/system-clock.js';
import type { CatalogStore } from '../ports/catalog-store.js';
import type { Clock } from '../ports/clock.js';
import type { InteractionStore, StoredInteraction } from '../ports/interaction-store.js';
import { CommerceError, commerceErrors, toCommerceError } from '../shared/errors.js';
import { silentEvents, type EventSink } from '../shared/events.js';
import { parseInput } from '../shared/validation.js';
import { loadCatalogProducts, productFromInput, recommendProductOf } from './catalog-products.js';
import { combineCandidates } from './hybrid.js';
import { fromSnapshot, toSnapshot, type RecommendationModelSnapshot } from './model-snapshot.js';
import { PopularityCounters, trendingScores } from './popularity-counters.js';
import type { RecommendationEvents } from './recommendation-events.js';
import { Ranker } from './ranker.js';
import {
  boughtTogetherQuerySchema,
  interactionInputSchema,
  recommendationQuerySchema,
  recommendationSettingsSchema,
  recommendProductSchema,
  similarProductsQuerySchema,
  trendingQuerySchema,
  type InteractionInput,
  type RecommendationQuery,
  type RecommendationSettingsInput,
  type RecommendProductInput,
  type TrendingQuery,
} from './schemas.js';
import { resolveSettings, type RecommendationSettings } from './settings.js';
import { boughtWith, rankTrending, similarTo } from './product-lists.js';
import type { TrainedModel } from './trained-model.js';
import { candidateDepth, runTraining, type TrainingReport } from './training-run.js';
import { ALGORITHMS, COLD_START_ALGORITHMS, COLD_START_WEIGHTS, UNTUNED_WEIGHTS, type BoughtTogetherResult, type RecommendationResult, type RecommendProduct } from './types.js';
import { summarizeHistory } from './user-history.js';

const DAY_MS = 86_400_000;

export interface RecommendationEngineOptions extends RecommendationSettingsInput {
  /**
   * Where interactions are logged. Required: the engine sees the port only, so the host (or
   * `createCommerce`) picks the adapter, e.g. `new MemoryInteractionStore()` or the Redis one.
   */
  interactions: InteractionStore;
  /**
   * Where products come from (createCommerce passes the shop's catalogue). With it, every
   * instance recommends the catalogue's active products: `train()` and `importModel()` read
   * them, `refreshProducts()` reads them again between trainings, and `addProduct` writes to
   * it. Without it, products live in this process, fed by `addProduct`.
   */
  catalog?: CatalogStore;
  clock?: Clock;
  events?: EventSink<RecommendationEvents>;
}

/**
 * Hybrid product recommendations. `addInteraction` logs to the store and updates popularity
 * and trending at once; `train()` chooses the blend on a validation split of the log, rebuilds
 * the heavy models (content TF-IDF, co-occurrence, user-based CF index, EASE, ALS,
 * bought-together) from the whole log and swaps them in whole.
 * Queries read the shopper's history from the store each time, so a serving process that
 * imported a model sees new interactions of its shoppers without retraining.
 */
export class RecommendationEngine {
  private readonly store: InteractionStore;
  private readonly catalog: CatalogStore | undefined;
  private readonly clock: Clock;
  private readonly events: EventSink<RecommendationEvents>;
  private readonly settings: RecommendationSettings;
  private products = new Map<string, RecommendProduct>();
  /** The model, its counters and the catalogue, as queries read them; replaced whole by `train()` and `importModel()`. */
  private ranker: Ranker;
  private training: Promise<unknown> = Promise.resolve();

  constructor(options: RecommendationEngineOptions) {
    const { interactions, catalog, clock, events, ...settings } = options;
    const s = parseInput(recommendationSettingsSchema, settings, 'RecommendationEngine settings');
    this.settings = resolveSettings(s);
    this.store = interactions;
    this.catalog = catalog;
    this.clock = clock ?? systemClock;
    this.events = events ?? silentEvents();
    this.ranker = new Ranker({ model: undefined, counters: new PopularityCounters(this.settings.trendingHalfLifeDays), products: this.products, settings: this.settings });
  }

  /**
   * Adds or replaces a product's text and grouping. Only catalogue products are ever
   * recommended. With a catalogue, this writes to it (a new product has no variants until the
   * catalogue gives it some; a stored one keeps its variants, prices and flags).
   */
  async addProduct(input: RecommendProductInput): Promise<RecommendProduct> {
    const p = parseInput(recommendProductSchema, input, 'addProduct');
    let product: RecommendProduct = { productId: p.productId, name: p.name, description: p.description, category: p.category, brand: p.brand, tags: p.tags };
    if (this.catalog) product = await this.saveToCatalog(this.catalog, product);
    this.products.set(product.productId, product);
    this.ranker.catalogueChanged();
    return { ...product, tags: [...product.tags] };
  }

  /** Reads the catalogue's active products again (no-op without a catalogue): for changes made since the last `train()`. */
  async refreshProducts(): Promise<void> {
    if (!this.catalog) return;
    const catalog = this.catalog;
    this.products = await commerceErrors(() => loadCatalogProducts(catalog), 'STORE_UNAVAILABLE');
    this.install(this.ranker.model, this.ranker.counters);
  }

  private async saveToCatalog(catalog: CatalogStore, product: RecommendProduct): Promise<RecommendProduct> {
    return commerceErrors(async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const stored = await catalog.get(product.productId);
        const saved = await catalog.save(productFromInput(product, stored, this.clock.now()), stored?.version ?? 0);
        if (saved.ok) return recommendProductOf(saved.product);
        if (saved.reason !== 'conflict') break;
      }
      throw new CommerceError('CONFLICT', { productId: product.productId, reason: 'the catalogue product kept changing' });
    }, 'STORE_UNAVAILABLE');
  }

  /** Logs an interaction and updates popularity and trending at once. */
  async addInteraction(input: InteractionInput): Promise<StoredInteraction> {
    const i = parseInput(interactionInputSchema, input, 'addInteraction');
    const stored: StoredInteraction = await this.guard(() => ({
      userId: i.userId,
      productId: i.productId,
      type: i.type,
      weight: this.settings.interactionWeights[i.type] * (i.weight ?? 1),
      at: i.at ?? this.clock.now(),
      ...(i.sessionId !== undefined ? { sessionId: i.sessionId } : {}),
      ...(i.orderId !== undefined ? { orderId: i.orderId } : {}),
    }));
    try {
      await this.store.append(stored);
    } catch (error) {
      throw toCommerceError(error, 'STORE_UNAVAILABLE');
    }
    this.ranker.counters.record(stored);
    return { ...stored };
  }

  /**
   * Chooses the blend (unless `weights` fix it) and rebuilds every model from the whole log at
   * the Clock's now (training-run.ts). The new model replaces the old one in a single
   * assignment, so concurrent queries see either. Interactions logged while this runs are in
   * the store (queries read them) but their popularity counts may be dropped until the next
   * `train()`.
   */
  async train(): Promise<TrainingReport> {
    // One training at a time: each holds the log and an EASE matrix, and uses every core.
    const run = this.training.then(() => this.trainNow());
    this.training = run.catch(() => undefined);
    return run;
  }

  private async trainNow(): Promise<TrainingReport> {
    let log: StoredInteraction[];
    try {
      log = await this.store.listByTimeRange({});
    } catch (error) {
      throw toCommerceError(error, 'STORE_UNAVAILABLE');
    }
    await this.refreshProducts();
    try {
      const now = this.clock.now();
      const { model, counters, report } = await runTraining(log, this.products, this.settings, now, () => this.clock.now());
      this.install(model, counters);
      const { products, users, interactions, easeItems } = report;
      this.events.emit('recommendations.trained', { products, users, interactions, easeItems, trainedAt: now });
      return report;
    } catch (error) {
      throw toCommerceError(error);
    }
  }

  /**
   * Recommendations for a shopper, best first. A shopper with no usable history (unknown,
   * or only products the model has not seen) gets trending and popular products instead.
   */
  async getRecommendations(userId: string, options: Omit<RecommendationQuery, 'userId'> = {}): Promise<RecommendationResult[]> {
    const q = parseInput(recommendationQuerySchema, { ...options, userId }, 'getRecommendations');
    const interactions = await this.readUser(q.userId);
    return this.guard(() => {
      const history = summarizeHistory(interactions, this.clock.now(), this.settings.affinityHalfLifeDays);
      const weights = { ...(this.settings.weights ?? this.ranker.model?.weights ?? UNTUNED_WEIGHTS) };
      const requested = q.algorithms ?? ALGORITHMS.filter((a) => weights[a] > 0);
      // Asked for one algorithm: its own ranking, whatever its weight in the mix.
      if (requested.length === 1) weights[requested[0]!] = 1;
      const depth = candidateDepth(q.limit);
      const { personal, lists } = this.ranker.candidates(q.userId, history, requested, depth, q);
      if (personal) return combineCandidates(lists, weights, q.limit);
      // Cold start: nothing personal can be said, so show what sells.
      const cold = this.ranker.candidates(q.userId, history, COLD_START_ALGORITHMS, depth, q).lists;
      return combineCandidates(cold, COLD_START_WEIGHTS, q.limit);
    });
  }

  /** Products like this one: bought by the same shoppers, or reading alike. */
  async getSimilarProducts(productId: string, options: { limit?: number } = {}): Promise<RecommendationResult[]> {
    const q = parseInput(similarProductsQuerySchema, { ...options, productId }, 'getSimilarProducts');
    return this.guard(() => {
      const model = this.requireModel();
      return similarTo(model, this.products, this.requireItem(model, q.productId), q.limit);
    });
  }

  /** Products most interacted with in the last `windowDays` (default 7), recent weight counting more. */
  async getTrendingProducts(options: TrendingQuery = {}): Promise<RecommendationResult[]> {
    const q = parseInput(trendingQuerySchema, options, 'getTrendingProducts');
    const now = this.clock.now();
    let recent: StoredInteraction[];
    try {
      recent = await this.store.listByTimeRange({ from: Math.floor(now - q.windowDays * DAY_MS), to: now + 1 });
    } catch (error) {
      throw toCommerceError(error, 'STORE_UNAVAILABLE');
    }
    return this.guard(() => {
      return rankTrending(trendingScores(recent, now, this.settings.trendingHalfLifeDays), this.products, q);
    });
  }

  /** Products most often in the same order as this one. */
  async getFrequentlyBoughtTogether(productId: string, options: { limit?: number } = {}): Promise<BoughtTogetherResult[]> {
    const q = parseInput(boughtTogetherQuerySchema, { ...options, productId }, 'getFrequentlyBoughtTogether');
    return this.guard(() => {
      const model = this.requireModel();
      return boughtWith(model, this.products, this.requireItem(model, q.productId), q.limit);
    });
  }

  /** The trained model as JSON-safe data, for `importModel` in another process. */
  exportModel(): Promise<RecommendationModelSnapshot> {
    return this.guard(() => toSnapshot(this.requireModel(), this.products, this.ranker.counters));
  }

  /**
   * Replaces the counters, model and products with a snapshot's (`MODEL_INCOMPATIBLE` if
   * unreadable); with a catalogue, products are then read from it instead.
   */
  async importModel(snapshot: unknown): Promise<void> {
    await this.guard(() => {
      const restored = fromSnapshot(snapshot, this.settings.trendingHalfLifeDays);
      this.products = restored.products;
      this.install(restored.model, restored.counters);
    });
    await this.refreshProducts();
  }

  private install(model: TrainedModel | undefined, counters: PopularityCounters): void {
    this.ranker = new Ranker({ model, counters, products: this.products, settings: this.settings });
  }

  private requireModel(): TrainedModel {
    const { model } = this.ranker;
    if (!model) throw new CommerceError('MODEL_NOT_TRAINED', { reason: 'call train() or importModel() first' });
    return model;
  }

  private requireItem(model: TrainedModel, productId: string): number {
    const i = model.itemIndex.get(productId);
    if (i === undefined) throw new CommerceError('PRODUCT_NOT_FOUND', { productId, reason: productId });
    return i;
  }

  private async readUser(userId: string): Promise<StoredInteraction[]> {
    try {
      return await this.store.listByUser(userId);
    } catch (error) {
      throw toCommerceError(error, 'STORE_UNAVAILABLE');
    }
  }

  /** Runs synchronous engine work so that only a CommerceError can escape. */
  private guard<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(toCommerceError(error));
    }
  }
}
