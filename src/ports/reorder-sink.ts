import type { Money } from '../shared/money.js';

/** One purchase order the inventory service asks for when an item reaches its reorder point. */
export interface ReorderRequest {
  /**
   * Stable key of this request (`<sku>#<n>`, n counting the item's reorders): the same request
   * retried carries the same key, so a supplier system can deduplicate on it.
   */
  requestId: string;
  /** The item to reorder. */
  sku: string;
  /** Its product name, for humans reading the purchase order. */
  productName: string;
  /** Who supplies it. */
  supplierId: string;
  /** Units to order: the item's reorder quantity. */
  quantity: number;
  /** What one unit costs from the supplier. */
  costPerUnit: Money;
  /** Available stock (on hand - reserved) when the reorder point was reached. */
  available: number;
  /** The reorder point that was reached. */
  reorderPoint: number;
  /** When the request was made, epoch ms. */
  requestedAt: number;
}

/**
 * Where reorders go (the seed's reorder service: a purchasing system, a queue, an email).
 * The service sends at most one request per item until stock for it is received.
 */
export interface ReorderSink {
  /**
   * Takes one reorder request. A rejection is not fatal to the stock change that caused it:
   * the service withdraws the request so the next stock change of the item asks again.
   */
  requestReorder(request: ReorderRequest): Promise<void>;
}
