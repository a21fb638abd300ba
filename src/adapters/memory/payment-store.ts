import type { CustomerSpend, ParkedEvent, PaymentRecord, PaymentStatus, PaymentStore } from '../../ports/payment-store.js';
import type { RecordsEvents } from '../../ports/event-log.js';
import type { Replayable } from '../../ports/replay.js';
import { assertEventsOf } from '../../shared/event-drafts.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import type { MemoryEventLog } from './event-log.js';
import { ReplayLog } from './replay-log.js';

// Statuses that count a payment into its customer's spend (once, on first entry).
const SPENDING: ReadonlySet<PaymentStatus> = new Set(['authorized', 'captured']);

type CreateResult = Awaited<ReturnType<PaymentStore['create']>>;
type CommitResult = Awaited<ReturnType<PaymentStore['commit']>>;

/** In-process payments; each method reads and writes without awaiting in between, and copies in and out. */
export class MemoryPaymentStore implements PaymentStore {
  private readonly payments = new Map<string, PaymentRecord>();
  private readonly parked = new Map<string, Map<string, ParkedEvent>>();
  private readonly spend = new Map<string, CustomerSpend>();
  private readonly counted = new Set<string>();
  private readonly replays = new ReplayLog();

  /** `events`: the log the steps record their events in (memoryAdapters passes the set's). */
  constructor(private readonly options: { events?: MemoryEventLog } = {}) {}

  async create(payment: PaymentRecord, step: Replayable & RecordsEvents = {}): Promise<CreateResult> {
    assertWellFormed({ payment, step }, 'PaymentStore.create');
    assertEventsOf(payment.id, step.events, 'PaymentStore.create');
    const first = this.replays.answered<CreateResult>(step.opId);
    if (first !== undefined) return first;
    if (this.payments.has(payment.id)) return { ok: false, reason: 'exists' };
    const stored = { ...structuredClone(payment), version: 1 };
    this.payments.set(payment.id, stored);
    this.countSpend(stored);
    this.options.events?.record(step.events);
    const parked = [...(this.parked.get(payment.id)?.values() ?? [])];
    return this.replays.remember(step.opId, { ok: true, payment: structuredClone(stored), parked: structuredClone(parked) });
  }

  async get(paymentId: string): Promise<PaymentRecord | null> {
    assertWellFormed(paymentId, 'PaymentStore.get');
    const stored = this.payments.get(paymentId);
    return stored ? structuredClone(stored) : null;
  }

  async commit(input: { next: PaymentRecord; expectedVersion: number } & Replayable & RecordsEvents): Promise<CommitResult> {
    assertWellFormed(input, 'PaymentStore.commit');
    assertEventsOf(input.next.id, input.events, 'PaymentStore.commit');
    const first = this.replays.answered<CommitResult>(input.opId);
    if (first !== undefined) return first;
    const current = this.payments.get(input.next.id);
    if (!current) return { ok: false, reason: 'not_found' };
    if (current.version !== input.expectedVersion) return { ok: false, reason: 'version_conflict' };
    const stored = { ...structuredClone(input.next), version: input.expectedVersion + 1 };
    this.payments.set(stored.id, stored);
    this.countSpend(stored);
    this.options.events?.record(input.events);
    return this.replays.remember(input.opId, { ok: true, payment: structuredClone(stored) });
  }

  async park(event: ParkedEvent): Promise<'parked' | 'payment_exists'> {
    assertWellFormed(event, 'PaymentStore.park');
    if (this.payments.has(event.paymentId)) return 'payment_exists';
    let events = this.parked.get(event.paymentId);
    if (!events) {
      events = new Map();
      this.parked.set(event.paymentId, events);
    }
    if (!events.has(event.eventId)) events.set(event.eventId, structuredClone(event));
    return 'parked';
  }

  async parkedEvents(paymentId: string): Promise<ParkedEvent[]> {
    assertWellFormed(paymentId, 'PaymentStore.parkedEvents');
    return structuredClone([...(this.parked.get(paymentId)?.values() ?? [])]);
  }

  async dropParked(input: { paymentId: string; eventIds: string[] }): Promise<void> {
    assertWellFormed(input, 'PaymentStore.dropParked');
    const events = this.parked.get(input.paymentId);
    for (const id of input.eventIds) events?.delete(id);
    if (events?.size === 0) this.parked.delete(input.paymentId);
  }

  async dropExpiredParked(input: { receivedBefore: number; limit: number }): Promise<number> {
    const expired = [...this.parked.values()]
      .flatMap((events) => [...events.values()])
      .filter((event) => event.receivedAt < input.receivedBefore)
      .sort((a, b) => a.receivedAt - b.receivedAt)
      .slice(0, Math.max(0, input.limit));
    for (const event of expired) await this.dropParked({ paymentId: event.paymentId, eventIds: [event.eventId] });
    return expired.length;
  }

  async customerSpend(input: { customerKey: string; currency: string }): Promise<CustomerSpend> {
    assertWellFormed(input, 'PaymentStore.customerSpend');
    const found = this.spend.get(`${input.customerKey}\u0000${input.currency}`);
    return found ? { ...found } : { count: 0, totalMinor: 0, maxMinor: 0 };
  }

  private countSpend(payment: PaymentRecord): void {
    if (!SPENDING.has(payment.status) || this.counted.has(payment.id)) return;
    this.counted.add(payment.id);
    const key = `${payment.customerKey}\u0000${payment.amount.currency}`;
    const before = this.spend.get(key) ?? { count: 0, totalMinor: 0, maxMinor: 0 };
    this.spend.set(key, {
      count: before.count + 1,
      totalMinor: before.totalMinor + payment.amountMinor,
      maxMinor: Math.max(before.maxMinor, payment.amountMinor),
    });
  }
}
