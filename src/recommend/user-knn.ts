import type { ScoreBuffer } from './score-buffer.js';
import { TopK } from './score-buffer.js';
import type { SparseRows } from './sparse-rows.js';
import type { IndexedHistory } from './user-history.js';

/** What user-based CF needs from training: who bought what, both ways. */
export interface UserKnnModel {
  userItems: SparseRows;
  itemUsers: SparseRows;
}

/**
 * User-based collaborative filtering. The seed compared the shopper with every other user by
 * scanning all interactions; here the item -> users inverted index reaches only users who share
 * at least one product, counting overlaps as it goes (cost: sum of buyers of the shopper's
 * products). Similarity is cosine on binary purchase vectors, with each shared product
 * weighted down by its popularity (a shared best-seller says little about taste).
 * The `neighbours` most similar users vote for their products with their similarity.
 */
export function scoreUserKnn(
  model: UserKnnModel,
  user: IndexedHistory,
  self: number | undefined,
  neighbours: number,
  userBuffer: ScoreBuffer,
  out: ScoreBuffer,
): void {
  const { itemUsers, userItems } = model;
  const items = itemUsers.offsets.length - 1;
  let own = 0;
  for (let t = 0; t < user.items.length; t++) {
    const j = user.items[t]!;
    if (j >= items) continue;
    own++;
    const start = itemUsers.offsets[j]!;
    const end = itemUsers.offsets[j + 1]!;
    const w = 1 / Math.log2(2 + end - start);
    for (let p = start; p < end; p++) userBuffer.add(itemUsers.indices[p]!, w);
  }
  if (own === 0) return;
  const ownNorm = Math.sqrt(own);
  const top = new TopK(neighbours);
  userBuffer.drain((v, overlap) => {
    if (v === self) return;
    const len = userItems.offsets[v + 1]! - userItems.offsets[v]!;
    top.offer(v, overlap / (ownNorm * Math.sqrt(len)));
  });
  for (const [v, sim] of top.sorted()) {
    for (let p = userItems.offsets[v]!; p < userItems.offsets[v + 1]!; p++) out.add(userItems.indices[p]!, sim);
  }
}
