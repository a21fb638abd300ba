// A straight port of the seed's user-based CF (architecture-ecommerce.md: _find_similar_users,
// _collaborative_filtering, _get_user_interactions), kept only as the benchmark baseline.
// Every "get interactions of a user" scans the whole log, for the shopper and for every other user.

export interface SeedInteraction {
  userId: string;
  productId: string;
  type: 'view' | 'cart' | 'purchase';
}

const WEIGHTS: Record<SeedInteraction['type'], number> = { view: 1, cart: 2, purchase: 3 };

export class SeedUserSimilarity {
  constructor(private readonly interactions: SeedInteraction[]) {}

  private userInteractions(userId: string): SeedInteraction[] {
    return this.interactions.filter((i) => i.userId === userId);
  }

  findSimilarUsers(userId: string): [string, number][] {
    const mine = new Set(this.userInteractions(userId).map((i) => i.productId));
    const similar: [string, number][] = [];
    const allUsers = new Set(this.interactions.map((i) => i.userId));
    for (const other of allUsers) {
      if (other === userId) continue;
      const theirs = new Set(this.userInteractions(other).map((i) => i.productId));
      let intersection = 0;
      for (const p of mine) if (theirs.has(p)) intersection++;
      const union = mine.size + theirs.size - intersection;
      if (union > 0) {
        const similarity = intersection / union;
        if (similarity > 0.1) similar.push([other, similarity]);
      }
    }
    return similar.sort((a, b) => b[1] - a[1]);
  }

  collaborativeFiltering(userId: string, count: number): [string, number][] {
    const mine = this.userInteractions(userId);
    if (mine.length === 0) return [];
    const similar = this.findSimilarUsers(userId);
    const scores = new Map<string, number>();
    for (const [other, similarity] of similar.slice(0, 10)) {
      for (const i of this.userInteractions(other)) {
        if (!mine.map((m) => m.productId).includes(i.productId)) {
          scores.set(i.productId, (scores.get(i.productId) ?? 0) + similarity * WEIGHTS[i.type]);
        }
      }
    }
    return [...scores].sort((a, b) => b[1] - a[1]).slice(0, count);
  }
}
