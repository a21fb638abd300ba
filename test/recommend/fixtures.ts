import { MemoryInteractionStore } from '../../src/adapters/memory/interaction-store.js';
import { RecommendationEngine, type RecommendationEngineOptions } from '../../src/recommend/index.js';
import { ManualClock } from '../../src/testing/manual-clock.js';

export const NOW = Date.parse('2025-06-01T00:00:00.000Z');
export const DAY = 86_400_000;

/** Six products: two candle holders, two lanterns, two garden things (F is never bought). */
export const PRODUCTS = [
  { productId: 'A', name: 'Red heart candle holder', category: 'home' },
  { productId: 'B', name: 'White heart candle holder', category: 'home' },
  { productId: 'C', name: 'Blue paper lantern', category: 'home' },
  { productId: 'D', name: 'Red paper lantern', category: 'party' },
  { productId: 'E', name: 'Garden hose reel', category: 'garden' },
  { productId: 'F', name: 'Garden gloves green', category: 'garden' },
] as const;

/**
 * Who bought what (all at NOW, so every affinity is equal):
 * u1 A B | u2 A B C | u3 A C | u4 D E | u5 B C D.
 * Buyers: A 3, B 3, C 3, D 2, E 1, F 0.
 */
export const BASKETS: Record<string, string[]> = { u1: ['A', 'B'], u2: ['A', 'B', 'C'], u3: ['A', 'C'], u4: ['D', 'E'], u5: ['B', 'C', 'D'] };

export async function fixtureEngine(options: Partial<RecommendationEngineOptions> = {}): Promise<{ engine: RecommendationEngine; clock: ManualClock }> {
  const clock = new ManualClock(NOW);
  const engine = new RecommendationEngine({ interactions: new MemoryInteractionStore(), clock, ...options });
  for (const p of PRODUCTS) await engine.addProduct(p);
  for (const [userId, items] of Object.entries(BASKETS)) {
    for (const productId of items) await engine.addInteraction({ userId, productId, type: 'purchase', orderId: `${userId}-order` });
  }
  return { engine, clock };
}

export const ids = (list: readonly { productId: string }[]): string[] => list.map((r) => r.productId);
