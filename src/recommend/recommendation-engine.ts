import { systemClock } from '../adapters/system/system-clock.js';
import type { Clock } from '../ports/clock.js';
import type { InteractionStore, StoredInteraction } from '../ports/interaction-store.js';
import { CommerceError, toCommerceError } from '../shared/errors.js';
import { silentEvents, type EventSink } from '../shared/events.js';
import { parseInput } from '../shared/validation.js';
import { candidatesFor, type CandidateQuery } from './algorithm-candidates.js';
import { combineCandidates } from './hybrid.js';
import { fromSnapshot, toSnapshot, type RecommendationModelSnapshot } from './model-snapshot.js';
import { PopularityCounters, trendingScores } from './popularity-counters.js';
import type { RecommendationEvents } from './recommendation-events.js';
import { ScoreBuffer } from './score-buffer.js';
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
import { trainModel, type TrainedModel } from './trained-model.js';
import { ALGORITHMS, COLD_START_WEIGHTS, type AlgorithmName, type BoughtTogetherResult, type RecommendationResult, type RecommendProduct } from './types.js';
import { indexHistory, summarizeHistory } from './user-history.js';

const DAY_MS = 86_400_000;

export interface RecommendationEngineOptions extends RecommendationSettingsInput {
  /**
   * Where interactions are logged. Required: the engine sees the port only, so the host (or
   * `createCommerce`) picks the adapter, e.g. `new MemoryInteractionStore()` or the Redis one.
   */
  interactions: InteractionStore;
  clock?: Clock;
  events?: EventSink<RecommendationEvents>;
}

/** What `train()` built. */
export interface TrainingSummary {
  products: number;
  users: number;
  interactions: number;
  /** Products covered by EASE (its size limit is `easeMaxItems`). */
  easeItems: number;
  /** Products with interactions that EASE does not cover (beyond `easeMaxItems`), most buyers first. */
  easeUncovered: string[];
  /** Threads the EASE inverse ran on (1: the calling thread only; 0: no EASE). */
  threads: number;
}

/**
 * Hybrid product recommendations. `addInteraction` logs to the store and updates popularity
 * and trending at once; `train()` rebuilds the heavy models (content TF-IDF, co-occurrence,
 * user-based CF index, EASE, bought-together) from the whole log and swaps them in whole.
 * Queries read the shopper's history from the store each time, so a serving process that
 * imported a model sees new interactions of its shoppers without retraining.
 */
export class RecommendationEngine {
  private readonly store: InteractionStore;
  private readonly clock: Clock;
  private readonly events: EventSink<RecommendationEvents>;
  private readonly settings: RecommendationSettings;
  private products = new Map<string, RecommendProduct>();
  private counters: PopularityCounters;
  private model: TrainedModel | undefined;
  private itemBuffer: ScoreBuffer | undefined;
  private userBuffer: ScoreBuffer | undefined;
  private easeScratch = new Float64Array(0);
  private mask: Uint8Array | undefined;
  private training: Promise<unknown> = Promise.resolve();

  constructor(options: RecommendationEngineOptions) {
    const { interactions, clock, events, ...settings } = options;
    const s = parseInput(recommendationSettingsSchema, settings, 'RecommendationEngine settings');
    this.settings = resolveSettings(s);
    this.store = interactions;
    this.clock = clock ?? systemClock;
    this.events = events ?? silentEvents();
    this.counters = new PopularityCounters(this.settings.trendingHalfLifeDays);
  }

  /** Adds or replaces a catalogue product. Only catalogue products are ever recommended. */
  addProduct(input: RecommendProductInput): Promise<RecommendProduct> {
    return this.guard(() => {
      const p = parseInput(recommendProductSchema, input, 'addProduct');
      const product: RecommendProduct = { productId: p.productId, name: p.name, description: p.description, category: p.category, brand: p.brand, tags: p.tags };
      this.products.set(product.productId, product);
      this.mask = undefined;
      return { ...product, tags: [...product.tags] };
    });
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
    this.counters.record(stored);
    return { ...stored };
  }

  /**
   * Rebuilds every model from the whole log at the Clock's now. The new model replaces the old
   * one in a single assignment, so concurrent queries see either. Interactions logged while
   * this runs are in the store (queries read them) but their popularity counts may be dropped
   * until the next `train()`.
   */
  async train(): Promise<TrainingSummary> {
    // One training at a time: each holds the log and an EASE matrix, and uses every core.
    const run = this.training.then(() => this.trainNow());
    this.training = run.catch(() => undefined);
    return run;
  }

  private async trainNow(): Promise<TrainingSummary> {
    let log: StoredInteraction[];
    try {
      log = await this.store.listByTimeRange({});
    } catch (error) {
      throw toCommerceError(error, 'STORE_UNAVAILABLE');
    }
    try {
      const now = this.clock.now();
      const { model, easeUncovered, threads } = await trainModel(this.products, log, now, this.settings);
      const counters = new PopularityCounters(this.settings.trendingHalfLifeDays);
      const recentFrom = now - this.settings.trendingWindowDays * DAY_MS;
      for (const i of log) {
        // Trending reads only the window; popularity reads all time.
        counters.record(i, i.at >= recentFrom);
      }
      this.install(model, counters);
      const sizes = { products: model.itemIds.length, users: model.userIds.length, interactions: log.length, easeItems: model.ease?.items.length ?? 0 };
      this.events.emit('recommendations.trained', { ...sizes, trainedAt: now });
      return { ...sizes, easeUncovered, threads };
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
      const model = this.model;
      const allow = (id: string): boolean => {
        const p = this.products.get(id);
        return p !== undefined && (!q.excludePurchased || !history.purchased.has(id)) && (q.category === undefined || p.category === q.category);
      };
      const catalogue = model ? this.catalogueMask(model) : new Uint8Array(0);
      const blocked = new Set<number>();
      if (model && q.excludePurchased) {
        for (const id of history.purchased) {
          const i = model.itemIndex.get(id);
          if (i !== undefined) blocked.add(i);
        }
      }
      const allowItem = (i: number): boolean =>
        catalogue[i] === 1 && !blocked.has(i) && (q.category === undefined || this.products.get(model!.itemIds[i]!)?.category === q.category);
      const query: CandidateQuery = {
        model,
        counters: this.counters,
        history: model ? indexHistory(history, model.itemIndex, this.settings.historyLimit) : undefined,
        self: model?.userIndex.get(q.userId),
        allow,
        allowItem,
        itemBuffer: this.itemBuffer,
        userBuffer: this.userBuffer,
        similarUsers: this.settings.similarUsers,
        easeScratch: this.easeScratch,
      };
      const requested = q.algorithms ?? ALGORITHMS.filter((a) => this.settings.hybridWeights[a] > 0);
      const weights = { ...this.settings.hybridWeights };
      // Asked for one algorithm: its own ranking, whatever its weight in the mix.
      if (requested.length === 1) weights[requested[0]!] = 1;
      const depth = Math.max(50, q.limit * 4);
      const lists = new Map<AlgorithmName, [string, number][]>();
      for (const a of new Set(requested)) lists.set(a, candidatesFor(a, query, depth));
      if (query.history === undefined || query.history.items.length === 0) {
        // Cold start: nothing personal can be said, so show what sells.
        const cold = new Map<AlgorithmName, [string, number][]>();
        for (const a of ['trending', 'popularity'] as const) cold.set(a, lists.get(a) ?? candidatesFor(a, query, depth));
        return combineCandidates(cold, COLD_START_WEIGHTS, q.limit);
      }
      return combineCandidates(lists, weights, q.limit);
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
    return this.guard(() => toSnapshot(this.requireModel(), this.products, this.counters));
  }

  /** Replaces the catalogue, counters and model with a snapshot's (`MODEL_INCOMPATIBLE` if unreadable). */
  importModel(snapshot: unknown): Promise<void> {
    return this.guard(() => {
      const restored = fromSnapshot(snapshot, this.settings.trendingHalfLifeDays);
      this.products = restored.products;
      this.install(restored.model, restored.counters);
    });
  }

  private install(model: TrainedModel, counters: PopularityCounters): void {
    this.itemBuffer = new ScoreBuffer(model.itemIds.length);
    this.userBuffer = new ScoreBuffer(model.userIds.length);
    this.easeScratch = new Float64Array(model.ease?.items.length ?? 0);
    this.counters = counters;
    this.mask = undefined;
    this.model = model;
  }

  /** 1 for each model item that is in the catalogue; rebuilt after the catalogue or the model changed. */
  private catalogueMask(model: TrainedModel): Uint8Array {
    if (!this.mask) {
      this.mask = new Uint8Array(model.itemIds.length);
      model.itemIds.forEach((id, i) => {
        if (this.products.has(id)) this.mask![i] = 1;
      });
    }
    return this.mask;
  }

  private requireModel(): TrainedModel {
    if (!this.model) throw new CommerceError('MODEL_NOT_TRAINED', { reason: 'call train() or importModel() first' });
    return this.model;
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
