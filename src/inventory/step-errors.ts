import type { InventoryStepRefused } from '../ports/inventory-store.js';
import { CommerceError } from '../shared/errors.js';

function reasonOf(refused: InventoryStepRefused): string | undefined {
  const d = refused.details;
  switch (refused.code) {
    case 'SKU_NOT_FOUND':
    case 'SKU_DISCONTINUED':
      return Array.isArray(d.skus) ? d.skus.join(', ') : undefined;
    case 'INSUFFICIENT_INVENTORY':
      return Array.isArray(d.shortages)
        ? (d.shortages as { sku: string; requested: number; available: number }[])
            .map((s) => `${s.sku} (requested ${s.requested}, available ${s.available})`)
            .join(', ')
        : undefined;
    case 'RESERVATION_NOT_ACTIVE':
      return typeof d.status === 'string' ? `it is ${d.status}` : undefined;
    case 'STOCK_NEGATIVE':
      return typeof d.requested === 'number' ? `${String(d.sku)} would have ${d.requested} on hand with ${String(d.reserved)} reserved` : undefined;
    default:
      return typeof d.reason === 'string' ? d.reason : undefined;
  }
}

/**
 * The one place a store's refusal becomes an error, so every adapter fails with the same code,
 * details and message.
 */
export function refusalToError(refused: InventoryStepRefused): CommerceError {
  const reason = reasonOf(refused);
  return new CommerceError(refused.code, refused.details, reason === undefined ? {} : { reason });
}
