import type { CheckoutState } from '../../checkout/checkout-types.js';
import type { Clock } from '../../ports/clock.js';
import type { CheckoutStore, CheckoutWriteResult } from '../../ports/checkout-store.js';
import type { RecordsEvents } from '../../ports/event-log.js';
import type { Replayable } from '../../ports/replay.js';
import { assertEventsOf } from '../../shared/event-drafts.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { systemClock } from '../system/system-clock.js';
import type { MemoryEventLog } from './event-log.js';
import { ReplayLog } from './replay-log.js';

/** In-process checkouts; each method reads and writes without awaiting in between. */
export class MemoryCheckoutStore implements CheckoutStore {
  private readonly checkouts = new Map<string, CheckoutState>();
  private readonly replays = new ReplayLog();
  private readonly clock: Clock;
  private readonly events: MemoryEventLog | undefined;

  /** `events`: the log `update` records its events in (memoryAdapters passes the set's). */
  constructor(options: { clock?: Clock; events?: MemoryEventLog } = {}) {
    this.clock = options.clock ?? systemClock;
    this.events = options.events;
  }

  async create(checkout: CheckoutState, step: Replayable = {}): Promise<boolean> {
    assertWellFormed({ checkout, step }, 'CheckoutStore.create');
    const first = this.replays.answered<boolean>(step.opId);
    if (first !== undefined) return first;
    if (this.live(checkout.id)) return false;
    this.checkouts.set(checkout.id, structuredClone({ ...checkout, version: 1 }));
    return this.replays.remember(step.opId, true);
  }

  async get(id: string): Promise<CheckoutState | null> {
    assertWellFormed(id, 'CheckoutStore.get');
    const live = this.live(id);
    return live ? structuredClone(live) : null;
  }

  async update(checkout: CheckoutState, expectedVersion: number, step: Replayable & RecordsEvents = {}): Promise<CheckoutWriteResult> {
    assertWellFormed({ checkout, step }, 'CheckoutStore.update');
    assertEventsOf(checkout.id, step.events, 'CheckoutStore.update');
    const first = this.replays.answered<CheckoutWriteResult>(step.opId);
    if (first !== undefined) return first;
    const live = this.live(checkout.id);
    if (!live) return { ok: false, reason: 'not_found' };
    if (live.version !== expectedVersion) return { ok: false, reason: 'conflict', current: structuredClone(live) };
    const stored = structuredClone({ ...checkout, version: expectedVersion + 1 });
    this.checkouts.set(checkout.id, stored);
    this.events?.record(step.events);
    return this.replays.remember(step.opId, { ok: true, checkout: structuredClone(stored) });
  }

  async delete(id: string, step: Replayable = {}): Promise<boolean> {
    assertWellFormed({ id, step }, 'CheckoutStore.delete');
    const first = this.replays.answered<boolean>(step.opId);
    if (first !== undefined) return first;
    const existed = this.live(id) !== undefined;
    if (!this.checkouts.delete(id)) return false;
    return this.replays.remember(step.opId, existed);
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
