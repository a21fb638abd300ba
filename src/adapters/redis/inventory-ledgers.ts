/** Most reservations whose SKUs one store remembers (about 200 bytes each). */
export const REMEMBERED_RESERVATIONS = 50_000;

/**
 * The SKUs of the reservations this store made, oldest dropped first. Each SKU's ledger is
 * its own key, and a script may write only keys it was given, so confirm and release must
 * pass the ledgers of a reservation's SKUs, which only the reservation holds. With this they
 * go in the first call; for a reservation another instance made (or one forgotten), the
 * script answers which SKUs it needs, writing nothing, and a second call passes them.
 * A reservation's lines never change, so what is remembered is never stale.
 */
export class ReservationSkus {
  private readonly skus = new Map<string, readonly string[]>();

  constructor(private readonly limit = REMEMBERED_RESERVATIONS) {}

  remember(reservationId: string, skus: readonly string[]): void {
    this.skus.set(reservationId, skus);
    if (this.skus.size > this.limit) this.skus.delete(this.skus.keys().next().value as string);
  }

  recall(reservationId: string): readonly string[] {
    return this.skus.get(reservationId) ?? [];
  }

  forget(reservationId: string): void {
    this.skus.delete(reservationId);
  }
}

/** What a step that writes movements answers when it was not given a ledger it needs. */
export interface LedgersNeeded {
  ledgers: string[];
}

export const needsLedgers = (answer: object): answer is LedgersNeeded => 'ledgers' in answer;
