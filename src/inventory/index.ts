export { InventoryService } from './inventory-service.js';
export { DEFAULT_RESERVATION_TTL_MS, type InventoryServiceOptions, type ReservationChange, type AvailabilityResult } from './inventory-service-options.js';
export { ReservationSweeper, type ReservationSweeperOptions } from './reservation-sweeper.js';
export type { InventoryEvents, StockLevelChanged, ReservationSettled, StockUpdated } from './inventory-events.js';
export type { InventoryItem } from './inventory-item.js';
export type { InventoryStatus } from './stock-rules.js';
export {
  inventorySkuSchema,
  addInventoryItemSchema,
  stockLineSchema,
  stockLinesSchema,
  reserveOptionsSchema,
  reserveItemsSchema,
  reservationIdSchema,
  extendReservationSchema,
  stockOperationSchema,
  updateStockSchema,
  setDiscontinuedSchema,
  sweepReservationsOptionsSchema,
  listMovementsSchema,
  type AddInventoryItemInput,
  type StockLine,
  type ReserveOptions,
  type StockOperation,
  type ListMovementsQuery,
} from './inventory-schemas.js';
export type * from '../ports/inventory-store.js';
export type * from '../ports/reorder-sink.js';
