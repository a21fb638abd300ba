import type { CustomerSpend, ParkedEvent, PaymentRecord, PaymentStatus, PaymentStore } from '../../ports/payment-store.js';
import type { RedisScriptClient } from './client.js';
import type { RedisKeys } from './keys.js';
import { LuaScript } from './script.js';

const createScript = new LuaScript('payment-create');
const getScript = new LuaScript('payment-get');
const commitScript = new LuaScript('payment-commit');
const parkScript = new LuaScript('payment-park');
const parkedScript = new LuaScript('payment-parked');
const dropParkedScript = new LuaScript('payment-drop-parked');
const spendCountScript = new LuaScript('payment-spend-count');
const spendGetScript = new LuaScript('payment-spend-get');

// Statuses that count a payment into its customer's spend (once, on first entry).
const SPENDING: ReadonlySet<PaymentStatus> = new Set(['authorized', 'captured']);

type CreateResult = { ok: true; payment: PaymentRecord; parked: ParkedEvent[] } | { ok: false; reason: 'exists' };
type CommitResult = { ok: true; payment: PaymentRecord } | { ok: false; reason: 'not_found' | 'version_conflict' };

/**
 * Payments on Redis. A payment, its parked webhook events and their order share the
 * payment id's hash tag (`pay:{id}`, `pay:{id}:parked`, `pay:{id}:parked-order`), so
 * create, commit and park are each one script on one slot, and park is atomic with create.
 *
 * Customer spend lives under the customer's tag (`spend:{customerKey}:CURRENCY`), another
 * slot, so it cannot be written in the payment's script on a cluster. It is counted in a
 * second, idempotent step right after a write leaves the payment in a spending status (a
 * per-payment marker makes repeats no-ops). If that step fails (or the process dies between
 * the two), the payment write still stands and the count is repaired by the next write of
 * the payment in a spending status (e.g. its capture); until then the fraud rules see a
 * slightly lower spend for that customer. Spend is a screening signal, never money.
 */
export class RedisPaymentStore implements PaymentStore {
  constructor(
    private readonly client: RedisScriptClient,
    private readonly keys: RedisKeys,
  ) {}

  async create(payment: PaymentRecord): Promise<CreateResult> {
    const stored: PaymentRecord = { ...payment, version: 1 };
    const doc = JSON.stringify(stored);
    const answer = await createScript.run<{ ok: true; parked: ParkedEvent[] } | { ok: false; reason: 'exists' }>(this.client, this.paymentKeys(payment.id), [doc]);
    if (!answer.ok) return answer;
    await this.countSpend(stored);
    return { ok: true, payment: JSON.parse(doc) as PaymentRecord, parked: answer.parked };
  }

  get(paymentId: string): Promise<PaymentRecord | null> {
    return getScript.run<PaymentRecord | null>(this.client, [this.recordKey(paymentId)], []);
  }

  async commit(input: { next: PaymentRecord; expectedVersion: number }): Promise<CommitResult> {
    const stored: PaymentRecord = { ...input.next, version: input.expectedVersion + 1 };
    const doc = JSON.stringify(stored);
    const answer = await commitScript.run<{ ok: true } | { ok: false; reason: 'not_found' | 'version_conflict' }>(
      this.client,
      [this.recordKey(stored.id)],
      [input.expectedVersion, doc],
    );
    if (!answer.ok) return answer;
    await this.countSpend(stored);
    return { ok: true, payment: JSON.parse(doc) as PaymentRecord };
  }

  park(event: ParkedEvent): Promise<'parked' | 'payment_exists'> {
    return parkScript.run(this.client, this.paymentKeys(event.paymentId), [event.eventId, JSON.stringify(event)]);
  }

  parkedEvents(paymentId: string): Promise<ParkedEvent[]> {
    return parkedScript.run(this.client, this.paymentKeys(paymentId).slice(1), []);
  }

  async dropParked(input: { paymentId: string; eventIds: string[] }): Promise<void> {
    if (input.eventIds.length === 0) return;
    await dropParkedScript.run(this.client, this.paymentKeys(input.paymentId).slice(1), input.eventIds);
  }

  customerSpend(input: { customerKey: string; currency: string }): Promise<CustomerSpend> {
    return spendGetScript.run(this.client, [this.spendKey(input.customerKey, input.currency)], []);
  }

  /** The second, idempotent step: see the class comment for why it may be skipped. */
  private async countSpend(payment: PaymentRecord): Promise<void> {
    if (!SPENDING.has(payment.status)) return;
    try {
      await spendCountScript.run(this.client, [this.spendKey(payment.customerKey, payment.amount.currency)], [payment.id, payment.amountMinor]);
    } catch {
      // The payment write above is the truth and has landed; the count is repaired later.
    }
  }

  private recordKey(paymentId: string): string {
    return this.keys.key('pay', paymentId);
  }

  /** The payment hash, its parked events and their order: one slot. */
  private paymentKeys(paymentId: string): [string, string, string] {
    return [this.recordKey(paymentId), this.keys.key('pay', paymentId, 'parked'), this.keys.key('pay', paymentId, 'parked-order')];
  }

  private spendKey(customerKey: string, currency: string): string {
    return this.keys.key('spend', customerKey, currency);
  }
}
