import type { LineLimits, StoredCartLine } from '../ports/cart-store.js';
import type { MergeStrategy } from './cart-events.js';
import { lineKey } from './cart.js';

/**
 * The lines of `target` with `source` merged in: a line in both gets the sum (the seed's
 * behaviour) or the larger of the two quantities, capped at the quantity limit; a line
 * only in the source is appended while the line limit allows. What does not fit is
 * reported as dropped rather than failing the login.
 */
export function mergeLines(
  target: readonly StoredCartLine[],
  source: readonly StoredCartLine[],
  strategy: MergeStrategy,
  limits: LineLimits,
): { lines: StoredCartLine[]; dropped: { productId: string; sku: string; quantity: number }[] } {
  const lines = target.map((l) => ({ ...l, categories: [...l.categories] }));
  const index = new Map(lines.map((l, i) => [lineKey(l), i]));
  const dropped: { productId: string; sku: string; quantity: number }[] = [];
  for (const line of source) {
    const at = index.get(lineKey(line));
    const existing = at === undefined ? undefined : lines[at];
    if (existing) {
      const wanted = strategy === 'sum' ? existing.quantity + line.quantity : Math.max(existing.quantity, line.quantity);
      const kept = Math.min(wanted, limits.maxQuantity);
      if (wanted > kept) dropped.push({ productId: line.productId, sku: line.sku, quantity: wanted - kept });
      existing.quantity = Math.max(existing.quantity, kept);
    } else if (lines.length < limits.maxLines) {
      index.set(lineKey(line), lines.length);
      lines.push({ ...line, categories: [...line.categories], quantity: Math.min(line.quantity, limits.maxQuantity) });
      if (line.quantity > limits.maxQuantity) dropped.push({ productId: line.productId, sku: line.sku, quantity: line.quantity - limits.maxQuantity });
    } else {
      dropped.push({ productId: line.productId, sku: line.sku, quantity: line.quantity });
    }
  }
  return { lines, dropped };
}
