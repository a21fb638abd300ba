// The demo's recommendations: the engine learns from real purchases of the demo products
// (demo/purchases.json, from the Online Retail data set) plus the orders placed today.
import { readFileSync } from 'node:fs';
import type { Commerce } from '../src/index.js';
import type { Catalogue } from './shop.js';

interface Purchases {
  source: string;
  rows: [userId: string, productId: string, unixSeconds: number, invoice: string][];
}

/** Feeds the catalogue and the historical purchases to the engine, then trains it. */
export async function trainOnHistory(shop: Commerce, catalogue: Catalogue, now: number): Promise<{ source: string; purchases: number; seconds: number }> {
  const engine = shop.recommendations;
  for (const p of catalogue.products) await engine.addProduct({ productId: p.productId, name: p.name, category: p.category });
  const data = JSON.parse(readFileSync(new URL('./purchases.json', import.meta.url), 'utf8')) as Purchases;
  // The data ends in 2011: shift it so its last day is yesterday, so trending means something.
  const last = Math.max(...data.rows.map((r) => r[2]));
  const shift = now - 86_400_000 - last * 1000;
  for (const [userId, productId, unixSeconds, invoice] of data.rows) {
    await engine.addInteraction({ userId: `retail-${userId}`, productId, type: 'purchase', at: unixSeconds * 1000 + shift, orderId: `inv-${invoice}` });
  }
  const started = process.hrtime.bigint();
  await engine.train();
  return { source: data.source, purchases: data.rows.length, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
