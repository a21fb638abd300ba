import type { CheckoutState } from '../../checkout/checkout-types.js';
import type { Clock } from '../../ports/clock.js';
import type { CheckoutStore, CheckoutWriteResult } from '../../ports/checkout-store.js';
import { systemClock } from '../system/system-clock.js';

/** In-process checkouts; each method reads and writes without awaiting in between. */
export class MemoryCheckoutStore implements CheckoutStore {
  private readonly checkouts = new Map<string, CheckoutState>();
  private readonly clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  create(checkout: CheckoutState): Promise<boolean> {
    if (this.live(checkout.id)) return Promise.resolve(false);
    this.checkouts.set(checkout.id, structuredClone({ ...checkout, version: 1 }));
    return Promise.resolve(true);
  }

  get(id: string): Promise<CheckoutState | null> {
    const live = this.live(id);
    return Promise.resolve(live ? structuredClone(live) : null);
  }

  update(checkout: CheckoutState, expectedVersion: number): Promise<CheckoutWriteResult> {
    const live = this.live(checkout.id);
    if (!live) return Promise.resolve({ ok: false, reason: 'not_found' });
    if (live.version !== expectedVersion) return Promise.resolve({ ok: false, reason: 'conflict', current: structuredClone(live) });
    const stored = structuredClone({ ...checkout, version: expectedVersion + 1 });
    this.checkouts.set(checkout.id, stored);
    return Promise.resolve({ ok: true, checkout: structuredClone(stored) });
  }

  delete(id: string): Promise<boolean> {
    const existed = this.live(id) !== undefined;
    this.checkouts.delete(id);
    return Promise.resolve(existed);
  }

  private live(id: string): CheckoutState | undefined {
    const checkout = this.checkouts.get(id);
    if (checkout && checkout.expiresAt <= this.clock.now()) {
      this.checkouts.delete(id);
      return undefined;
    }
    return checkout;
  }
}
