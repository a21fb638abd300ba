import type { StoredInteraction } from '../ports/interaction-store.js';
import { sparseRowsFrom, transpose, type SparseRows } from './sparse-rows.js';
import { summarizeHistory } from './user-history.js';

/** The user x item matrix every collaborative algorithm trains on. */
export interface TrainingMatrix {
  itemIds: string[];
  itemIndex: Map<string, number>;
  userIds: string[];
  userIndex: Map<string, number>;
  /** Row per user: positive items with their decayed affinity. */
  userItems: SparseRows;
  /** Row per item: the users with a positive signal on it (values: affinity). */
  itemUsers: SparseRows;
}

/**
 * Indexes the catalogue first (so content-only products get indices too), then every other
 * product seen in the log, and folds each user's interactions with `summarizeHistory`.
 */
export function buildTrainingMatrix(
  catalogue: readonly string[],
  interactions: readonly StoredInteraction[],
  now: number,
  halfLifeDays: number,
): TrainingMatrix {
  const itemIds: string[] = [];
  const itemIndex = new Map<string, number>();
  const indexOf = (id: string): number => {
    let i = itemIndex.get(id);
    if (i === undefined) {
      i = itemIds.length;
      itemIds.push(id);
      itemIndex.set(id, i);
    }
    return i;
  };
  for (const id of catalogue) indexOf(id);
  const byUser = new Map<string, StoredInteraction[]>();
  for (const it of interactions) {
    let list = byUser.get(it.userId);
    if (!list) byUser.set(it.userId, (list = []));
    list.push(it);
  }
  const userIds: string[] = [];
  const userIndex = new Map<string, number>();
  const rows: [number, number][][] = [];
  for (const [userId, list] of byUser) {
    const history = summarizeHistory(list, now, halfLifeDays);
    if (history.positive.length === 0) continue;
    userIndex.set(userId, userIds.length);
    userIds.push(userId);
    rows.push(history.positive.map((p) => [indexOf(p.productId), p.affinity] as [number, number]).sort((a, b) => a[0] - b[0]));
  }
  const userItems = sparseRowsFrom(rows);
  return { itemIds, itemIndex, userIds, userIndex, userItems, itemUsers: transpose(userItems, itemIds.length) };
}
