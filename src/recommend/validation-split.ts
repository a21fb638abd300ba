import type { StoredInteraction } from '../ports/interaction-store.js';
import { seededRandom, shuffled } from './seeded-random.js';
import { summarizeHistory } from './user-history.js';

/** One shopper of the validation split: their history before the cutoff and what they chose after. */
export interface ValidationShopper {
  userId: string;
  /** Their interactions before the cutoff (what a query would read). */
  history: StoredInteraction[];
  /** Products they took up after the cutoff that they had not bought before it. */
  relevant: Set<string>;
}

/**
 * The log cut by time: a model trained on what came before the cutoff, at the cutoff, is asked
 * for each sampled shopper what they would choose next. This is the evaluation protocol
 * (train before an instant, test on the new products bought after it) carved out of the
 * training data, so nothing is chosen by looking at a period the host will evaluate on.
 */
export interface ValidationSplit {
  cutoff: number;
  /** Every interaction before the cutoff. */
  fit: StoredInteraction[];
  /** Interactions at or after it (the held-out period, everyone's). */
  heldOut: number;
  shoppers: ValidationShopper[];
  /** False for products first seen at or after the cutoff: they did not exist yet for the validation model. */
  offered: (productId: string) => boolean;
}

export interface ValidationOptions {
  /** Share of the log, the most recent, that is held out. */
  share: number;
  /** Most shoppers asked (a seeded sample). */
  maxShoppers: number;
  /** Fewer shoppers than this with something new after the cutoff: no split (too noisy to choose from). */
  minShoppers: number;
  seed: number;
  affinityHalfLifeDays: number;
}

/** The split of `log`, or undefined when it does not hold `minShoppers` shoppers to ask. */
export function validationSplit(log: readonly StoredInteraction[], isProduct: (id: string) => boolean, o: ValidationOptions): ValidationSplit | undefined {
  if (log.length === 0) return undefined;
  const times = log.map((i) => i.at).sort((a, b) => a - b);
  const cutoff = times[Math.min(times.length - 1, Math.floor(times.length * (1 - o.share)))]!;
  const fit = log.filter((i) => i.at < cutoff);
  if (fit.length === 0) return undefined;
  const seenBefore = new Set(fit.map((i) => i.productId));
  const before = groupByUser(fit);
  const after = groupByUser(log.filter((i) => i.at >= cutoff));
  const candidates: ValidationShopper[] = [];
  for (const [userId, later] of after) {
    const history = before.get(userId);
    if (!history) continue;
    const { positive, purchased } = summarizeHistory(history, cutoff, o.affinityHalfLifeDays);
    if (positive.length === 0) continue;
    const net = new Map<string, number>();
    for (const i of later) net.set(i.productId, (net.get(i.productId) ?? 0) + i.weight);
    const relevant = new Set([...net].filter(([id, w]) => w > 0 && !purchased.has(id) && seenBefore.has(id) && isProduct(id)).map(([id]) => id));
    if (relevant.size > 0) candidates.push({ userId, history, relevant });
  }
  if (candidates.length < o.minShoppers) return undefined;
  candidates.sort((a, b) => (a.userId < b.userId ? -1 : 1));
  const firstSeenLater = new Set(log.filter((i) => i.at >= cutoff && !seenBefore.has(i.productId)).map((i) => i.productId));
  return {
    cutoff,
    fit,
    heldOut: log.length - fit.length,
    shoppers: shuffled(candidates, seededRandom(o.seed)).slice(0, o.maxShoppers),
    offered: (id) => !firstSeenLater.has(id),
  };
}

function groupByUser(log: readonly StoredInteraction[]): Map<string, StoredInteraction[]> {
  const byUser = new Map<string, StoredInteraction[]>();
  for (const i of log) {
    let list = byUser.get(i.userId);
    if (!list) byUser.set(i.userId, (list = []));
    list.push(i);
  }
  return byUser;
}
