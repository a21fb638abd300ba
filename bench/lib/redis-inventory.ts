// The inventory rows of bench/redis.bench.ts: reserveItems and confirmReservation through
// the InventoryService, the adapter's reserve step alone, and an oversell check with every
// worker racing for a stock of half the attempts.
import { redisAdapters, type RedisScriptClient } from '../../src/adapters/redis/index.js';
import { InventoryService } from '../../src/inventory/index.js';
import { isCommerceError } from '../../src/shared/index.js';
import type { BenchRow } from './interleave.js';

const SKUS = 64;

/** The rows at one concurrency; every key lives under `prefix` (the caller deletes them). */
/** `attempts`: operations per row over the run; `confirms`: reservations made up front for the confirm row (default: attempts). */
export async function inventoryRows(input: { client: RedisScriptClient; trips: () => number; prefix: string; attempts: number; confirms?: number }): Promise<BenchRow[]> {
  const store = redisAdapters({ client: input.client, prefix: input.prefix }).inventory;
  const service = new InventoryService({ store });
  const skus = Array.from({ length: SKUS }, (_, i) => `SKU-${i}`);
  for (const sku of skus) await service.addInventoryItem(item(sku, 1_000_000_000));
  const scarce = Math.floor(input.attempts / 2);
  await service.addInventoryItem(item('SCARCE', scarce));
  // The confirm row's reservations, made up front: rounds run their rows in turns, so it
  // cannot count on another row having made them.
  const ids: string[] = [];
  const confirms = input.confirms ?? input.attempts;
  for (let i = 0; i < confirms; i += 500) {
    const made = await Promise.all(Array.from({ length: Math.min(500, confirms - i) }, (_, k) => service.reserveItems([{ sku: skus[(i + k) % SKUS] as string, quantity: 1 }])));
    ids.push(...made.map((r) => r.id));
  }
  const trips: BenchRow['trips'] = [['', input.trips]];
  let granted = 0;
  return [
    { name: 'reserveItems (1 SKU)', trips, op: (i) => service.reserveItems([{ sku: skus[i % SKUS] as string, quantity: 1 }]) },
    { name: 'confirmReservation', trips, op: (i) => service.confirmReservation(ids[i] as string) },
    // The adapter alone, without the service's parsing, ids and events: what the Lua step costs.
    { name: 'store.reserve (1 SKU, adapter step)', trips, op: (i) => store.reserve({ reservationId: `direct-${i}`, lines: [{ sku: skus[i % SKUS] as string, quantity: 1 }], now: 0, expiresAt: 1 }) },
    { name: 'reserveItems (5 SKUs)', trips, op: (i) => service.reserveItems(Array.from({ length: 5 }, (_, k) => ({ sku: skus[(i + k * 7) % SKUS] as string, quantity: 1 }))) },
    {
      name: `reserveItems, one SKU of ${scarce} units`,
      trips,
      op: async () => {
        try {
          await service.reserveItems([{ sku: 'SCARCE', quantity: 1 }]);
          granted += 1;
        } catch (error) {
          if (!isCommerceError(error, 'INSUFFICIENT_INVENTORY')) throw error;
        }
      },
      check: async () => {
        const stock = await service.getInventoryStatus('SCARCE');
        if (stock.reserved !== granted) return `MISMATCH: reserved ${stock.reserved}, granted ${granted}`;
        return `oversell ${Math.max(0, granted - scarce)} (${granted} granted)`;
      },
    },
  ];
}

const item = (sku: string, onHand: number) => ({ sku, productName: `Product ${sku}`, onHand, costPerUnit: { amount: '2.50', currency: 'USD' } });
