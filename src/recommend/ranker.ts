import { candidatesFor, type CandidateQuery } from './algorithm-candidates.js';
import { AlsScratch } from './implicit-als.js';
import type { PopularityCounters } from './popularity-counters.js';
import { ScoreBuffer } from './score-buffer.js';
import type { RecommendationSettings } from './settings.js';
import type { TrainedModel } from './trained-model.js';
import type { AlgorithmName, RecommendProduct } from './types.js';
import { indexHistory, type UserHistory } from './user-history.js';

/** What a query may be shown. */
export interface RankFilters {
  excludePurchased: boolean;
  category?: string | undefined;
}

/** What a ranker ranks with. */
export interface RankerParts {
  model: TrainedModel | undefined;
  counters: PopularityCounters;
  products: ReadonlyMap<string, RecommendProduct>;
  settings: Pick<RecommendationSettings, 'historyLimit' | 'similarUsers'>;
  /** Narrows the catalogue further (training hides products first sold after its cutoff). */
  offered?: (productId: string) => boolean;
}

/** Each asked algorithm's candidates for one shopper, and whether the model knew any of their history. */
export interface CandidateLists {
  personal: boolean;
  lists: Map<AlgorithmName, [string, number][]>;
}

/**
 * A model with what its queries need beside it: the popularity counters, the catalogue (as a
 * mask over the model's items) and scratch buffers. The engine serves through one; training
 * scores its validation model through another, so the tuned blend is measured on exactly the
 * lists queries will get. Queries are synchronous once their inputs are read, so one set of
 * buffers serves them all.
 */
export class Ranker {
  readonly model: TrainedModel | undefined;
  readonly counters: PopularityCounters;
  private readonly products: ReadonlyMap<string, RecommendProduct>;
  private readonly settings: RankerParts['settings'];
  private readonly offered: (productId: string) => boolean;
  private readonly itemBuffer: ScoreBuffer | undefined;
  private readonly userBuffer: ScoreBuffer | undefined;
  private readonly easeScratch: Float64Array;
  private readonly alsWork: AlsScratch | undefined;
  private mask: Uint8Array | undefined;

  constructor(parts: RankerParts) {
    const { model } = parts;
    this.model = model;
    this.counters = parts.counters;
    this.products = parts.products;
    this.settings = parts.settings;
    this.offered = parts.offered ?? (() => true);
    this.itemBuffer = model && new ScoreBuffer(model.itemIds.length);
    this.userBuffer = model && new ScoreBuffer(model.userIds.length);
    this.easeScratch = new Float64Array(model?.ease?.items.length ?? 0);
    this.alsWork = model?.als && new AlsScratch(model.als.factors);
  }

  /** Call after the catalogue changed. */
  catalogueChanged(): void {
    this.mask = undefined;
  }

  /** Every algorithm of `algorithms` (once each) with its best `depth` allowed products. */
  candidates(userId: string, history: UserHistory, algorithms: Iterable<AlgorithmName>, depth: number, filters: RankFilters): CandidateLists {
    const { model, products } = this;
    const inCategory = (p: RecommendProduct | undefined): boolean => filters.category === undefined || p?.category === filters.category;
    const allow = (id: string): boolean =>
      this.offered(id) && products.has(id) && (!filters.excludePurchased || !history.purchased.has(id)) && inCategory(products.get(id));
    const catalogue = model ? this.catalogueMask(model) : new Uint8Array(0);
    const blocked = new Set<number>();
    if (model && filters.excludePurchased) {
      for (const id of history.purchased) {
        const i = model.itemIndex.get(id);
        if (i !== undefined) blocked.add(i);
      }
    }
    const allowItem = (i: number): boolean => catalogue[i] === 1 && !blocked.has(i) && (filters.category === undefined || inCategory(products.get(model!.itemIds[i]!)));
    const indexed = model ? indexHistory(history, model.itemIndex, this.settings.historyLimit) : undefined;
    const query: CandidateQuery = {
      model,
      counters: this.counters,
      history: indexed,
      self: model?.userIndex.get(userId),
      allow,
      allowItem,
      itemBuffer: this.itemBuffer,
      userBuffer: this.userBuffer,
      similarUsers: this.settings.similarUsers,
      easeScratch: this.easeScratch,
      alsWork: this.alsWork,
    };
    const lists = new Map<AlgorithmName, [string, number][]>();
    for (const a of algorithms) if (!lists.has(a)) lists.set(a, candidatesFor(a, query, depth));
    return { personal: indexed !== undefined && indexed.items.length > 0, lists };
  }

  /** 1 for each model item that is in the catalogue; rebuilt after the catalogue changed. */
  private catalogueMask(model: TrainedModel): Uint8Array {
    if (!this.mask) {
      this.mask = new Uint8Array(model.itemIds.length);
      model.itemIds.forEach((id, i) => {
        if (this.products.has(id) && this.offered(id)) this.mask![i] = 1;
      });
    }
    return this.mask;
  }
}
