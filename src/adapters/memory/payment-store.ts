import type { CustomerSpend, ParkedEvent, PaymentRecord, PaymentStatus, PaymentStore } from '../../ports/payment-store.js';

// Statuses that count a payment into its customer's spend (once, on first entry).
const SPENDING: ReadonlySet<PaymentStatus> = new Set(['authorized', 'captured']);

/** In-process payments; each method reads and writes without awaiting in between, and copies in and out. */
export class MemoryPaymentStore implements PaymentStore {
  private readonly payments = new Map<string, PaymentRecord>();
  private readonly parked = new Map<string, Map<string, ParkedEvent>>();
  private readonly spend = new Map<string, CustomerSpend>();
  private readonly counted = new Set<string>();

  create(payment: PaymentRecord): Promise<{ ok: true; payment: PaymentRecord; parked: ParkedEvent[] } | { ok: false; reason: 'exists' }> {
    if (this.payments.has(payment.id)) return Promise.resolve({ ok: false, reason: 'exists' });
    const stored = { ...structuredClone(payment), version: 1 };
    this.payments.set(payment.id, stored);
    this.countSpend(stored);
    const parked = [...(this.parked.get(payment.id)?.values() ?? [])];
    return Promise.resolve({ ok: true, payment: structuredClone(stored), parked: structuredClone(parked) });
  }

  get(paymentId: string): Promise<PaymentRecord | null> {
    const stored = this.payments.get(paymentId);
    return Promise.resolve(stored ? structuredClone(stored) : null);
  }

  commit(input: { next: PaymentRecord; expectedVersion: number }): Promise<{ ok: true; payment: PaymentRecord } | { ok: false; reason: 'not_found' | 'version_conflict' }> {
    const current = this.payments.get(input.next.id);
    if (!current) return Promise.resolve({ ok: false, reason: 'not_found' });
    if (current.version !== input.expectedVersion) return Promise.resolve({ ok: false, reason: 'version_conflict' });
    const stored = { ...structuredClone(input.next), version: input.expectedVersion + 1 };
    this.payments.set(stored.id, stored);
    this.countSpend(stored);
    return Promise.resolve({ ok: true, payment: structuredClone(stored) });
  }

  park(event: ParkedEvent): Promise<'parked' | 'payment_exists'> {
    if (this.payments.has(event.paymentId)) return Promise.resolve('payment_exists');
    let events = this.parked.get(event.paymentId);
    if (!events) {
      events = new Map();
      this.parked.set(event.paymentId, events);
    }
    if (!events.has(event.eventId)) events.set(event.eventId, structuredClone(event));
    return Promise.resolve('parked');
  }

  parkedEvents(paymentId: string): Promise<ParkedEvent[]> {
    return Promise.resolve(structuredClone([...(this.parked.get(paymentId)?.values() ?? [])]));
  }

  dropParked(input: { paymentId: string; eventIds: string[] }): Promise<void> {
    const events = this.parked.get(input.paymentId);
    for (const id of input.eventIds) events?.delete(id);
    if (events?.size === 0) this.parked.delete(input.paymentId);
    return Promise.resolve();
  }

  customerSpend(input: { customerKey: string; currency: string }): Promise<CustomerSpend> {
    const found = this.spend.get(`${input.customerKey}\u0000${input.currency}`);
    return Promise.resolve(found ? { ...found } : { count: 0, totalMinor: 0, maxMinor: 0 });
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
