import type { CustomerSpend, ParkedEvent, PaymentRecord, PaymentStatus, PaymentStore } from '../../ports/payment-store.js';
import type { RecordsEvents } from '../../ports/event-log.js';
import type { Replayable } from '../../ports/replay.js';
import { assertEventsOf } from '../../shared/event-drafts.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { opIdOf, shardTagOf, type EventRecording } from './event-recording.js';
import { LuaScript } from './script.js';
import type { RedisSteps } from './steps.js';

const createScript = new LuaScript('payment-create');
const getScript = new LuaScript('payment-get');
const commitScript = new LuaScript('payment-commit');
const parkScript = new LuaScript('payment-park');
const parkedScript = new LuaScript('payment-parked');
const dropParkedScript = new LuaScript('payment-drop-parked');
const expiryAddScript = new LuaScript('parked-expiry-add');
const expiryRemoveScript = new LuaScript('parked-expiry-remove');
const expiryDueScript = new LuaScript('parked-expiry-due');
const spendCountScript = new LuaScript('payment-spend-count');
const spendGetScript = new LuaScript('payment-spend-get');

// Statuses that count a payment into its customer's spend (once, on first entry).
const SPENDING: ReadonlySet<PaymentStatus> = new Set(['authorized', 'captured']);

type CreateResult = Awaited<ReturnType<PaymentStore['create']>>;
type CommitResult = Awaited<ReturnType<PaymentStore['commit']>>;

/**
 * Payments on Redis. A payment, its parked webhook events and their order share the hash
 * tag of the payment id's record shard (`pay:{o<n>}:<id>`, `...:<id>:parked`,
 * `...:<id>:parked-order`, event-recording.ts), so create, commit and park are each one
 * script on one slot, park is atomic with create, and create and commit record their events
 * (payment.*) on that shard's stream `evt:{o<n>}` in the same script.
 *
 * Customer spend lives under the customer's tag (`spend:{customerKey}:CURRENCY`), another
 * slot, so it cannot be written in the payment's script on a cluster. It is counted in a
 * second, idempotent step right after a write leaves the payment in a spending status (a
 * per-payment marker makes repeats no-ops). If that step fails (or the process dies between
 * the two), the payment write still stands and the count is repaired by the next write of
 * the payment in a spending status (e.g. its capture); until then the fraud rules see a
 * slightly lower spend for that customer. Spend is a screening signal, never money.
 *
 * Parked events expire (`dropExpiredParked`) through one index of every parked event by the
 * time it arrived (`parked:{expiry}`), in a slot of its own, so it is written in separate
 * steps: noted before the event is parked (an entry whose event was never parked drops
 * nothing) and removed after the event is applied, so no parked event is missing from it.
 *
 * `create` and `commit` record their whole answer (the stored record included) under their
 * operation key (`op:{paymentId}:<opId>`), so a step sent again answers exactly what it
 * answered first; the spend step after it runs again too, and counts nothing more.
 */
export class RedisPaymentStore implements PaymentStore {
  constructor(
    private readonly redis: RedisSteps,
    private readonly recording: EventRecording,
  ) {}

  async create(payment: PaymentRecord, step: Replayable & RecordsEvents = {}): Promise<CreateResult> {
    assertWellFormed({ payment, step }, 'PaymentStore.create');
    assertEventsOf(payment.id, step.events, 'PaymentStore.create');
    const doc = JSON.stringify({ ...payment, version: 1 });
    const tag = shardTagOf(payment.id);
    const keys = [...this.paymentKeys(payment.id), ...this.recording.keysOf(tag)];
    const answer = await this.redis.write<CreateResult>(createScript, tag, opIdOf(payment.id, step.opId), keys, [doc, ...this.recording.argsOf(step.events)]);
    if (answer.ok) await this.countSpend(answer.payment);
    return answer;
  }

  async get(paymentId: string): Promise<PaymentRecord | null> {
    assertWellFormed(paymentId, 'PaymentStore.get');
    return this.redis.read<PaymentRecord | null>(getScript, [this.recordKey(paymentId)], []);
  }

  async commit(input: { next: PaymentRecord; expectedVersion: number } & Replayable & RecordsEvents): Promise<CommitResult> {
    assertWellFormed(input, 'PaymentStore.commit');
    const id = input.next.id;
    assertEventsOf(id, input.events, 'PaymentStore.commit');
    const doc = JSON.stringify({ ...input.next, version: input.expectedVersion + 1 });
    const tag = shardTagOf(id);
    const keys = [this.recordKey(id), ...this.recording.keysOf(tag)];
    const answer = await this.redis.write<CommitResult>(commitScript, tag, opIdOf(id, input.opId), keys, [input.expectedVersion, doc, ...this.recording.argsOf(input.events)]);
    if (answer.ok) await this.countSpend(answer.payment);
    return answer;
  }

  async park(event: ParkedEvent): Promise<'parked' | 'payment_exists'> {
    assertWellFormed(event, 'PaymentStore.park');
    const member = expiryMember(event.paymentId, event.eventId);
    await this.redis.run(expiryAddScript, [this.expiryKey()], [member, event.receivedAt]);
    const answer = await this.redis.run<'parked' | 'payment_exists'>(parkScript, this.paymentKeys(event.paymentId), [event.eventId, JSON.stringify(event)]);
    if (answer === 'payment_exists') await this.redis.run(expiryRemoveScript, [this.expiryKey()], [member]);
    return answer;
  }

  async parkedEvents(paymentId: string): Promise<ParkedEvent[]> {
    assertWellFormed(paymentId, 'PaymentStore.parkedEvents');
    return this.redis.read(parkedScript, this.paymentKeys(paymentId).slice(1), []);
  }

  async dropParked(input: { paymentId: string; eventIds: string[] }): Promise<void> {
    assertWellFormed(input, 'PaymentStore.dropParked');
    if (input.eventIds.length === 0) return;
    await this.redis.run(dropParkedScript, this.paymentKeys(input.paymentId).slice(1), input.eventIds);
    await this.redis.run(expiryRemoveScript, [this.expiryKey()], input.eventIds.map((id) => expiryMember(input.paymentId, id)));
  }

  async dropExpiredParked(input: { receivedBefore: number; limit: number }): Promise<number> {
    if (input.limit <= 0) return 0;
    const due = await this.redis.read<[string, string][]>(expiryDueScript, [this.expiryKey()], [input.receivedBefore, input.limit]);
    let dropped = 0;
    for (const [paymentId, eventId] of due) {
      dropped += await this.redis.run<number>(dropParkedScript, this.paymentKeys(paymentId).slice(1), [eventId]);
      await this.redis.run(expiryRemoveScript, [this.expiryKey()], [expiryMember(paymentId, eventId)]);
    }
    return dropped;
  }

  async customerSpend(input: { customerKey: string; currency: string }): Promise<CustomerSpend> {
    assertWellFormed(input, 'PaymentStore.customerSpend');
    return this.redis.read(spendGetScript, [this.spendKey(input.customerKey, input.currency)], []);
  }

  /** The second, idempotent step: see the class comment for why it may be skipped. */
  private async countSpend(payment: PaymentRecord): Promise<void> {
    if (!SPENDING.has(payment.status)) return;
    try {
      await this.redis.run(spendCountScript, [this.spendKey(payment.customerKey, payment.amount.currency)], [payment.id, payment.amountMinor]);
    } catch {
      // The payment write above is the truth and has landed; the count is repaired later.
    }
  }

  private recordKey(paymentId: string): string {
    return this.redis.keys.key('pay', shardTagOf(paymentId), paymentId);
  }

  /** The payment hash, its parked events and their order: one slot. */
  private paymentKeys(paymentId: string): [string, string, string] {
    const tag = shardTagOf(paymentId);
    return [this.recordKey(paymentId), this.redis.keys.key('pay', tag, paymentId, 'parked'), this.redis.keys.key('pay', tag, paymentId, 'parked-order')];
  }

  private expiryKey(): string {
    return this.redis.keys.key('parked', 'expiry');
  }

  private spendKey(customerKey: string, currency: string): string {
    return this.redis.keys.key('spend', customerKey, currency);
  }
}

/** A parked event in the expiry index: JSON of the pair, so no separator can make two collide. */
function expiryMember(paymentId: string, eventId: string): string {
  return JSON.stringify([paymentId, eventId]);
}
