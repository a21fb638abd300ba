import type { z } from 'zod';
import { isRecord, plain, safeIntegerFrom } from '../shared/quick-checks.js';
import type { reserveItemsSchema } from './inventory-schemas.js';

type ReserveItems = z.output<typeof reserveItemsSchema>;

/** Most lines the schema takes in one reservation. */
const MAX_LINES = 1000;

/**
 * The everyday `reserveItems` input taken without zod (see shared/quick-checks.ts): lines of
 * a plain SKU and a positive safe integer, options with at most a plain order id and a
 * positive safe integer TTL. Other keys are dropped, as the schema drops them. Anything else
 * answers undefined and goes through the schema.
 */
export function quickReserveItems(lines: unknown, options: unknown): ReserveItems | undefined {
  if (!Array.isArray(lines) || lines.length < 1 || lines.length > MAX_LINES || !isRecord(options)) return undefined;
  const taken: ReserveItems['lines'] = [];
  for (const line of lines as unknown[]) {
    if (!isRecord(line)) return undefined;
    const { sku, quantity } = line;
    if (!plain(sku, 200) || !safeIntegerFrom(quantity, 1)) return undefined;
    taken.push({ sku, quantity });
  }
  const { orderId, ttlMs } = options;
  const parsed: ReserveItems['options'] = {};
  if (orderId !== undefined) {
    if (!plain(orderId, 200)) return undefined;
    parsed.orderId = orderId;
  }
  if (ttlMs !== undefined) {
    if (!safeIntegerFrom(ttlMs, 1)) return undefined;
    parsed.ttlMs = ttlMs;
  }
  return { lines: taken, options: parsed };
}
