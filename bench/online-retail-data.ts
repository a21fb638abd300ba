// Loads ../shared/data/online-retail (see its README.md) for the evaluation and the benchmark.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Clock } from '../src/ports/clock.js';

export interface RetailPurchase {
  userId: string;
  productId: string;
  at: number;
  orderId: string;
}

export interface RetailProduct {
  productId: string;
  name: string;
}

/**
 * The data folder: ONLINE_RETAIL_DIR, else the nearest shared/data/online-retail above the
 * repository (next to the main checkout, or above a worktree nested deeper). Missing, it exits
 * with a message, or answers undefined when `optional` (a benchmark among others).
 */
export function retailDataDir(options: { optional: true }): string | undefined;
export function retailDataDir(options?: { optional?: false }): string;
export function retailDataDir(options: { optional?: boolean } = {}): string | undefined {
  const tried: string[] = [];
  for (let up = resolve(import.meta.dirname, '../..'); ; up = dirname(up)) {
    const dir = process.env.ONLINE_RETAIL_DIR ?? resolve(up, 'shared/data/online-retail');
    tried.push(dir);
    if (existsSync(resolve(dir, 'online-retail-events.csv.gz'))) return dir;
    if (process.env.ONLINE_RETAIL_DIR !== undefined || dirname(up) === up) break;
  }
  if (options.optional) return undefined;
  console.error(`Online Retail data not found in ${tried.join(', ')}.\nSet ONLINE_RETAIL_DIR to the folder holding online-retail-events.csv.gz.`);
  process.exit(2);
}

/**
 * A clock that starts at `start` and runs with real time: durations the engine reads from it
 * (the phases of train()) are real, while the data's dates stay in the past.
 */
export function tickingClock(start: number): Clock {
  const origin = performance.now();
  return { now: () => start + Math.round(performance.now() - origin) };
}

/** Purchases only: cancellations (invoice "C...") and non-positive quantities are dropped. */
export function loadPurchases(dir: string): RetailPurchase[] {
  const text = gunzipSync(readFileSync(resolve(dir, 'online-retail-events.csv.gz'))).toString('utf8');
  const out: RetailPurchase[] = [];
  const lines = text.split('\n');
  for (let l = 1; l < lines.length; l++) {
    const line = lines[l]!;
    if (line.length === 0) continue;
    const [userId, productId, ts, quantity, , invoice] = line.split(',');
    if (!userId || !productId || !ts || !invoice || invoice.startsWith('C') || !(Number(quantity) > 0)) continue;
    out.push({ userId, productId, at: Number(ts) * 1000, orderId: invoice });
  }
  return out;
}

export function loadProducts(dir: string): RetailProduct[] {
  const lines = readFileSync(resolve(dir, 'online-retail-products.csv'), 'utf8').split('\n');
  const out: RetailProduct[] = [];
  for (let l = 1; l < lines.length; l++) {
    const line = lines[l]!;
    if (line.length === 0) continue;
    const first = line.indexOf(',');
    const last = line.lastIndexOf(',');
    let name = line.slice(first + 1, last);
    if (name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).replace(/""/g, '"');
    out.push({ productId: line.slice(0, first), name: name.trim() || line.slice(0, first) });
  }
  return out;
}

/** The README protocol: train strictly before `cutoff`; test = new, known items bought in [cutoff, until). */
export interface RetailSplit {
  train: RetailPurchase[];
  trainItems: Set<string>;
  test: Map<string, Set<string>>;
}

export function splitAt(purchases: readonly RetailPurchase[], cutoff: number, until = Number.POSITIVE_INFINITY): RetailSplit {
  const train = purchases.filter((p) => p.at < cutoff);
  const trainItems = new Set(train.map((p) => p.productId));
  const owned = new Map<string, Set<string>>();
  for (const p of train) {
    let s = owned.get(p.userId);
    if (!s) owned.set(p.userId, (s = new Set()));
    s.add(p.productId);
  }
  const test = new Map<string, Set<string>>();
  for (const p of purchases) {
    if (p.at < cutoff || p.at >= until) continue;
    const mine = owned.get(p.userId);
    if (!mine || mine.has(p.productId) || !trainItems.has(p.productId)) continue;
    let s = test.get(p.userId);
    if (!s) test.set(p.userId, (s = new Set()));
    s.add(p.productId);
  }
  return { train, trainItems, test };
}
