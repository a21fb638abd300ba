// The purchase history recommendations learn from: real purchases of the demo products from
// the Online Retail data set. By default the 60 days the demo uses (demo/purchases.json, in
// the repository); STOREFRONT_HISTORY=full reads the whole year from the shared data folder
// (bench/online-retail-data.ts), about ten times as many rows and a slower start.
import { readFileSync } from 'node:fs';
import type { Commerce, InteractionInput } from '../../src/index.js';
import { loadPurchases, retailDataDir } from '../../bench/online-retail-data.js';
import type { Catalogue } from '../../demo/shop.js';

interface DemoPurchases {
  rows: [userId: string, productId: string, unixSeconds: number, invoice: string][];
}

/** The purchases, moved so the last one was yesterday (the data ends in 2011, trending needs "recent"). */
export function purchaseHistory(catalogue: Catalogue, now: number, source: 'demo' | 'full' = 'demo'): InteractionInput[] {
  const sold = new Set(catalogue.products.map((p) => p.productId));
  const rows = source === 'full' ? fullYear(sold) : demoDays();
  const last = rows.reduce((max, r) => Math.max(max, r.at), 0);
  const shift = now - 86_400_000 - last;
  return rows.map((r) => ({ userId: `retail-${r.userId}`, productId: r.productId, type: 'purchase' as const, at: r.at + shift, orderId: `inv-${r.orderId}` }));
}

function demoDays(): { userId: string; productId: string; at: number; orderId: string }[] {
  const data = JSON.parse(readFileSync(new URL('../../demo/purchases.json', import.meta.url), 'utf8')) as DemoPurchases;
  return data.rows.map(([userId, productId, unixSeconds, invoice]) => ({ userId, productId, at: unixSeconds * 1000, orderId: invoice }));
}

function fullYear(sold: ReadonlySet<string>): { userId: string; productId: string; at: number; orderId: string }[] {
  return loadPurchases(retailDataDir()).filter((p) => sold.has(p.productId));
}

/** Logs the history (first instance on a backend only: the log is shared) and trains. */
export async function learnHistory(shop: Commerce, history: readonly InteractionInput[] | null): Promise<void> {
  for (const interaction of history ?? []) await shop.recommendations.addInteraction(interaction);
  await shop.recommendations.train();
}
