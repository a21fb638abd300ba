import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { InventoryStore, Reservation, StockShortage } from '../ports/inventory-store.js';
import type { ReorderSink } from '../ports/reorder-sink.js';
import type { EventSink } from '../shared/events.js';
import type { InventoryEvents } from './inventory-events.js';

export interface InventoryServiceOptions {
  store: InventoryStore;
  /** Where reorders go; without one, reorders are only announced as events. */
  reorderSink?: ReorderSink;
  clock?: Clock;
  ids?: IdGenerator;
  events?: EventSink<InventoryEvents>;
  /** How long a reservation holds stock unless the call says otherwise. Default 15 minutes. */
  reservationTtlMs?: number;
}

/** What `confirmReservation` / `releaseReservation` answer: `changed` false on a repeat call. */
export interface ReservationChange {
  changed: boolean;
  reservation: Reservation;
}

export interface AvailabilityResult {
  available: boolean;
  shortages: StockShortage[];
}

export const DEFAULT_RESERVATION_TTL_MS = 15 * 60_000;

/**
 * Events follow a stored change: a sink that throws must not turn a done change into an error.
 * (The EventBus already isolates its listeners; this covers any other sink a host passes.)
 */
export function guardedEvents(sink: EventSink<InventoryEvents>): EventSink<InventoryEvents> {
  return {
    emit: (event, payload) => {
      try {
        sink.emit(event, payload);
      } catch {
        // Nothing to undo and nowhere to report.
      }
    },
  };
}
