import type { Clock } from '../../ports/clock.js';
import type { DeadLetter, Delivery, DomainEvent, EventDraft, EventLog } from '../../ports/event-log.js';
import { systemClock } from '../system/system-clock.js';

/** The one partition of the memory log. */
const PARTITION = 'memory';

interface Entry {
  event: DomainEvent;
  /** Position in the log since it was made: never reused, so a handle stays valid after trims. */
  position: number;
}

interface Group {
  /** Position of the first entry not yet handed to the group. */
  next: number;
  inFlight: Map<number, { consumer: string; since: number }>;
  settled: Map<string, number>;
  dead: Map<string, DeadLetter>;
}

/**
 * The event log of the memory adapters: the memory stores `record` into it inside their
 * synchronous steps, so an event exists exactly when its change does. One process only.
 */
export class MemoryEventLog implements EventLog {
  private entries: Entry[] = [];
  private firstPosition = 0;
  private readonly sequences = new Map<string, number>();
  private readonly groups = new Map<string, Group>();
  private readonly clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** Numbers and appends the events of a store step. Called inside that step, never awaited. */
  record(drafts: readonly EventDraft[] | undefined): void {
    for (const draft of drafts ?? []) {
      const sequence = (this.sequences.get(draft.aggregateId) ?? 0) + 1;
      this.sequences.set(draft.aggregateId, sequence);
      const event: DomainEvent = { ...structuredClone(draft), id: `${draft.aggregateId}:${sequence}`, sequence };
      this.entries.push({ event, position: this.firstPosition + this.entries.length });
    }
  }

  async join(group: string): Promise<void> {
    this.group(group);
  }

  async receive(group: string, consumer: string, options: { limit: number }): Promise<Delivery[]> {
    const state = this.group(group);
    const from = Math.max(state.next, this.firstPosition);
    const taken = this.entries.slice(from - this.firstPosition, from - this.firstPosition + Math.max(0, options.limit));
    const now = this.clock.now();
    for (const entry of taken) state.inFlight.set(entry.position, { consumer, since: now });
    state.next = from + taken.length;
    return taken.map((entry) => this.delivery(state, entry));
  }

  async reclaim(group: string, consumer: string, options: { idleMs: number; limit: number }): Promise<Delivery[]> {
    const state = this.group(group);
    const now = this.clock.now();
    const claimed: Delivery[] = [];
    for (const [position, holder] of [...state.inFlight].sort((a, b) => a[0] - b[0])) {
      if (claimed.length >= options.limit) break;
      if (now - holder.since <= options.idleMs) continue;
      const entry = this.entries[position - this.firstPosition];
      if (!entry) continue;
      state.inFlight.set(position, { consumer, since: now });
      claimed.push(this.delivery(state, entry));
    }
    return claimed;
  }

  async touch(group: string, consumer: string, deliveries: readonly Delivery[]): Promise<void> {
    const state = this.group(group);
    const now = this.clock.now();
    for (const d of deliveries) {
      const position = Number(d.handle);
      if (state.inFlight.get(position)?.consumer === consumer) state.inFlight.set(position, { consumer, since: now });
    }
  }

  async settledOf(group: string, deliveries: readonly Delivery[]): Promise<number[]> {
    const state = this.group(group);
    return deliveries.map((d) => state.settled.get(d.event.aggregateId) ?? 0);
  }

  async settle(group: string, delivery: Delivery, deadLetter?: { error: string; attempts: number; time: number }): Promise<void> {
    const state = this.group(group);
    const { aggregateId, sequence } = delivery.event;
    state.settled.set(aggregateId, Math.max(state.settled.get(aggregateId) ?? 0, sequence));
    state.inFlight.delete(Number(delivery.handle));
    if (deadLetter) state.dead.set(delivery.event.id, { event: structuredClone(delivery.event), partition: PARTITION, ...deadLetter });
  }

  async deadLetters(group: string, options: { limit: number }): Promise<DeadLetter[]> {
    const letters = [...this.group(group).dead.values()].sort((a, b) => a.time - b.time || (a.event.id < b.event.id ? -1 : 1));
    return structuredClone(letters.slice(0, Math.max(0, options.limit)));
  }

  async forgetDeadLetter(group: string, letter: Pick<DeadLetter, 'event' | 'partition'>): Promise<boolean> {
    return this.group(group).dead.delete(letter.event.id);
  }

  async trim(options: { retentionMs: number }): Promise<number> {
    const cutoff = this.clock.now() - options.retentionMs;
    let dropped = 0;
    // Only from the front, and only what every group was handed and settled.
    while (this.entries.length > 0) {
      const first = this.entries[0] as Entry;
      const handled = [...this.groups.values()].every((g) => g.next > first.position && !g.inFlight.has(first.position));
      if (first.event.time >= cutoff || !handled) break;
      this.entries.shift();
      this.firstPosition += 1;
      dropped += 1;
    }
    return dropped;
  }

  private group(name: string): Group {
    let state = this.groups.get(name);
    if (!state) {
      state = { next: this.firstPosition, inFlight: new Map(), settled: new Map(), dead: new Map() };
      this.groups.set(name, state);
    }
    return state;
  }

  private delivery(state: Group, entry: Entry): Delivery {
    return { event: structuredClone(entry.event), partition: PARTITION, handle: String(entry.position), settled: state.settled.get(entry.event.aggregateId) ?? 0 };
  }
}
