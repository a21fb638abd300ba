import type { StoredInteraction } from '../ports/interaction-store.js';
import { TopK } from './score-buffer.js';
import { sparseRowsFrom, transpose, type SparseRows } from './sparse-rows.js';

/** Per product: the products most often in the same order, and how many orders it is in. */
export interface BoughtTogetherModel {
  /** Row per item: co-ordered items, value = orders holding both. */
  pairs: SparseRows;
  /** Orders holding each item. */
  orders: Float64Array;
}

/**
 * Baskets are purchases grouped by order id (falling back to session id); interactions with
 * neither cannot say what was bought together and are skipped. Ranked by shared orders, ties
 * by the smaller item index.
 */
export function trainBoughtTogether(interactions: readonly StoredInteraction[], itemIndex: ReadonlyMap<string, number>, k: number): BoughtTogetherModel {
  const baskets = new Map<string, Set<number>>();
  for (const i of interactions) {
    if (i.type !== 'purchase') continue;
    const key = i.orderId !== undefined ? `o:${i.orderId}` : i.sessionId !== undefined ? `s:${i.sessionId}` : undefined;
    const item = itemIndex.get(i.productId);
    if (key === undefined || item === undefined) continue;
    let basket = baskets.get(key);
    if (!basket) baskets.set(key, (basket = new Set()));
    basket.add(item);
  }
  const n = itemIndex.size;
  const basketItems = sparseRowsFrom([...baskets.values()].map((b) => [...b].sort((x, y) => x - y).map((i) => [i, 1] as [number, number])));
  const itemBaskets = transpose(basketItems, n);
  const counts = new Float64Array(n);
  const touched: number[] = [];
  const rows: [number, number][][] = [];
  const orders = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    orders[i] = itemBaskets.offsets[i + 1]! - itemBaskets.offsets[i]!;
    for (let p = itemBaskets.offsets[i]!; p < itemBaskets.offsets[i + 1]!; p++) {
      const b = itemBaskets.indices[p]!;
      for (let q = basketItems.offsets[b]!; q < basketItems.offsets[b + 1]!; q++) {
        const j = basketItems.indices[q]!;
        if (j === i) continue;
        if (counts[j] === 0) touched.push(j);
        counts[j]!++;
      }
    }
    const top = new TopK(k);
    for (const j of touched) {
      top.offer(j, counts[j]!);
      counts[j] = 0;
    }
    touched.length = 0;
    rows.push(top.sorted());
  }
  return { pairs: sparseRowsFrom(rows), orders };
}
