import { z } from 'zod';
import { isRecord, plain, safeIntegerFrom } from '../shared/quick-checks.js';
import { durationSchema, idSchema, nonNegativeMoneySchema, positiveQuantitySchema, quantitySchema } from '../shared/schemas.js';
import { parseInput } from '../shared/validation.js';

/** A SKU: a non-empty id. */
export const inventorySkuSchema = idSchema;

/** Input of `addInventoryItem`. Stock counts are whole units. */
export const addInventoryItemSchema = z.object({
  sku: inventorySkuSchema,
  productName: z.string().trim().min(1).max(500),
  onHand: quantitySchema.nonnegative().default(0),
  reorderPoint: quantitySchema.nonnegative().default(0),
  reorderQuantity: quantitySchema.nonnegative().default(0),
  costPerUnit: nonNegativeMoneySchema,
  location: z.string().max(200).default(''),
  supplierId: z.string().max(200).default(''),
  allowBackorder: z.boolean().default(false),
  discontinued: z.boolean().default(false),
});
export type AddInventoryItemInput = z.input<typeof addInventoryItemSchema>;

/** One requested line: a SKU and a positive number of units. */
export const stockLineSchema = z.object({ sku: inventorySkuSchema, quantity: positiveQuantitySchema });
export type StockLine = z.input<typeof stockLineSchema>;

/** A non-empty list of lines; same-SKU lines are summed by the service. */
export const stockLinesSchema = z.array(stockLineSchema).min(1).max(1000);

export const reserveOptionsSchema = z.object({
  orderId: idSchema.optional(),
  /** How long the reservation holds stock; the service default otherwise (15 minutes). */
  ttlMs: durationSchema.optional(),
});
export type ReserveOptions = z.input<typeof reserveOptionsSchema>;

export const reserveItemsSchema = z.object({ lines: stockLinesSchema, options: reserveOptionsSchema });

type ReserveItems = z.output<typeof reserveItemsSchema>;

/**
 * The input of `reserveItems`. Its everyday shape (lines of a plain SKU and a positive safe
 * integer, options with at most a plain order id and a positive TTL; other keys dropped, as
 * the schema drops them) is taken without zod, anything else through the schema, which stays
 * the rule (test/inventory/quick-reserve.property.test.ts; why: docs/redis-performance.md,
 * Quick inputs).
 */
export function parseReserveItems(lines: unknown, options: unknown): ReserveItems {
  return quickReserveItems(lines, options) ?? parseInput(reserveItemsSchema, { lines, options }, 'reserveItems');
}

/** The quick path of `parseReserveItems`: undefined for anything it is not sure of (exported for its property test). */
export function quickReserveItems(lines: unknown, options: unknown): ReserveItems | undefined {
  if (!Array.isArray(lines) || lines.length < 1 || lines.length > 1000 || !isRecord(options)) return undefined;
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

export const reservationIdSchema = idSchema;

export const extendReservationSchema = z.object({
  reservationId: reservationIdSchema,
  options: z.object({ ttlMs: durationSchema.optional() }),
});

export const stockOperationSchema = z.enum(['set', 'add', 'subtract']);
export type StockOperation = z.output<typeof stockOperationSchema>;

/** Input of `updateStock`: `set` takes any count from zero, `add`/`subtract` a positive one. */
export const updateStockSchema = z
  .object({
    sku: inventorySkuSchema,
    quantity: quantitySchema.nonnegative(),
    operation: stockOperationSchema,
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .refine((u) => u.operation === 'set' || u.quantity > 0, { message: 'add and subtract need a positive quantity', path: ['quantity'] });

export const setDiscontinuedSchema = z.object({ sku: inventorySkuSchema, discontinued: z.boolean() });

export const sweepReservationsOptionsSchema = z.object({ batchSize: z.number().int().positive().max(10_000).optional() });

export const listMovementsSchema = z.object({
  sku: inventorySkuSchema,
  afterSeq: z.number().int().nonnegative().safe().optional(),
  limit: z.number().int().positive().max(10_000).optional(),
});
export type ListMovementsQuery = z.input<typeof listMovementsSchema>;
