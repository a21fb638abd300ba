import type { ScoreBuffer } from './score-buffer.js';
import { TopK } from './score-buffer.js';
import { rowCount, sparseRowsFrom, type SparseRows } from './sparse-rows.js';
import type { TrainingMatrix } from './training-matrix.js';
import type { IndexedHistory } from './user-history.js';

/**
 * Item-to-item co-occurrence (SAR): two products are similar by the Jaccard index of their
 * buyer sets. Only each product's `k` best neighbours are kept, so the model is sparse
 * (items x k) whatever the catalogue size. Built one item row at a time into a reusable dense
 * accumulator: cost is the sum over users of (items per user)^2, memory O(items x k).
 */
export function trainCooccurrence(m: TrainingMatrix, k: number): SparseRows {
  const n = m.itemIds.length;
  const counts = new Float64Array(n);
  const touched: number[] = [];
  const rows: [number, number][][] = [];
  const buyers = (i: number): number => m.itemUsers.offsets[i + 1]! - m.itemUsers.offsets[i]!;
  for (let i = 0; i < n; i++) {
    for (let p = m.itemUsers.offsets[i]!; p < m.itemUsers.offsets[i + 1]!; p++) {
      const u = m.itemUsers.indices[p]!;
      for (let q = m.userItems.offsets[u]!; q < m.userItems.offsets[u + 1]!; q++) {
        const j = m.userItems.indices[q]!;
        if (counts[j] === 0) touched.push(j);
        counts[j]!++;
      }
    }
    const top = new TopK(k);
    const bi = buyers(i);
    for (const j of touched) {
      if (j !== i) top.offer(j, counts[j]! / (bi + buyers(j) - counts[j]!));
      counts[j] = 0;
    }
    touched.length = 0;
    rows.push(top.sorted());
  }
  return sparseRowsFrom(rows);
}

/**
 * Affinity-weighted sum of the neighbour lists of the user's items (decay lives in the
 * affinity): co-occurrence and content both score this way, from their own neighbour lists.
 */
export function scoreNeighbours(neighbours: SparseRows, user: IndexedHistory, out: ScoreBuffer): void {
  const n = rowCount(neighbours);
  for (let t = 0; t < user.items.length; t++) {
    const j = user.items[t]!;
    if (j >= n) continue;
    const a = user.affinity[t]!;
    for (let p = neighbours.offsets[j]!; p < neighbours.offsets[j + 1]!; p++) out.add(neighbours.indices[p]!, a * neighbours.values[p]!);
  }
}
