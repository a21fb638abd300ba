import type { Order } from '../../checkout/order-types.js';
import type { OrderStatus } from '../../checkout/order-status.js';
import type { OrderPage, OrderStore, OrderWriteResult } from '../../ports/order-store.js';
import type { RecordsEvents } from '../../ports/event-log.js';
import type { Replayable } from '../../ports/replay.js';
import { assertEventsOf } from '../../shared/event-drafts.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { RECORD_SHARDS, shardTagOf, type EventRecording } from './event-recording.js';
import { shardOf } from './keys.js';
import { LuaScript } from './script.js';
import type { RedisSteps } from './steps.js';

const sequenceScript = new LuaScript('order-sequence');
const claimNumberScript = new LuaScript('order-claim-number');
const releaseNumberScript = new LuaScript('order-release-number');
const numberGetScript = new LuaScript('order-number-get');
const createScript = new LuaScript('order-create');
const updateScript = new LuaScript('order-update');
const getManyScript = new LuaScript('order-get-many');
const indexPageScript = new LuaScript('order-index-page');

/**
 * How many slots orders are spread over: the record shards (event-recording.ts). Listings
 * read every shard (in parallel), so more shards spread load on a big cluster but cost more
 * calls per page.
 */
const ORDER_SHARDS = RECORD_SHARDS;

/** The hash tag of the order-number sequence (one key for the whole store). */
const SEQUENCE_TAG = 'sequence';

/** Sort key of an order in listings (and the page cursor): creation time, then id. Same as the memory adapter. */
const sortKeyOf = (order: Pick<Order, 'createdAt' | 'id'>): string => `${String(order.createdAt).padStart(16, '0')}:${order.id}`;

/** Redis orders the lexical indexes by bytes; the merge of shards must agree with it. */
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

type IndexKind = 'status' | 'customer';
type CreateResult = Awaited<ReturnType<OrderStore['create']>>;

/**
 * Orders on Redis. An order lives under its shard's hash tag (`ord:{o<shard>}:<id>`, the
 * shard a hash of the id), next to that shard's status and customer indexes
 * (`ordidx:{o<shard>}:status|customer`), so create and update write the order and move
 * its index entries in one script on one slot. Listings merge the shards' pages.
 *
 * The number index (`ordnum:{<number>}` -> id) is global uniqueness, so it has its own
 * slot: `create` first claims the number, then stores the order. A crash between the two
 * leaves a claimed number with no order (a gap, as the port allows); `getByNumber`
 * answers an order only if the order itself carries the number, and a retry of the same
 * order finds the claim its own. The claim is idempotent for one order id, so a create sent
 * again passes it and finds its answer under the operation key of the order step.
 *
 * Events (order.*) go on the shard's stream `evt:{o<shard>}` in the create and update
 * scripts themselves (event-recording.ts), so an order change and its events are one step.
 */
export class RedisOrderStore implements OrderStore {
  constructor(
    private readonly redis: RedisSteps,
    private readonly recording: EventRecording,
  ) {}

  nextSequence(): Promise<number> {
    // An operation key of its own, so an INCR resent after its answer was lost answers the
    // same number instead of taking another.
    return this.redis.write(sequenceScript, SEQUENCE_TAG, undefined, [this.redis.keys.key('ordseq', SEQUENCE_TAG)], []);
  }

  async create(order: Order, step: Replayable & RecordsEvents = {}): Promise<CreateResult> {
    assertWellFormed({ order, step }, 'OrderStore.create');
    assertEventsOf(order.id, step.events, 'OrderStore.create');
    const numberKey = this.numberKey(order.number);
    if (!(await this.redis.run<boolean>(claimNumberScript, [numberKey], [order.id]))) {
      // The id check comes first on every adapter: a taken id wins over a taken number.
      return (await this.get(order.id)) ? { ok: false, reason: 'duplicate_id' } : { ok: false, reason: 'duplicate_number' };
    }
    const hasCustomer = order.customerId !== undefined;
    const answer = await this.redis.write<{ ok: true } | { ok: false; reason: 'duplicate_id'; number: string }>(
      createScript,
      this.tag(order.id),
      step.opId,
      [...this.orderKeys(order.id), ...this.recording.keysOf(this.tag(order.id))],
      [JSON.stringify({ ...order, version: 1 }), order.status, sortKeyOf(order), order.number, JSON.stringify(order.createdAt), order.customerId ?? '', hasCustomer ? '1' : '0', ...this.recording.argsOf(step.events)],
    );
    if (answer.ok) return answer;
    // The id was taken. If the stored order carries another number, the claim just made
    // (or left by an earlier attempt) is not in use: give it back.
    if (answer.number !== order.number) await this.redis.run(releaseNumberScript, [numberKey], [order.id]);
    return { ok: false, reason: 'duplicate_id' };
  }

  async get(id: string): Promise<Order | null> {
    assertWellFormed(id, 'OrderStore.get');
    const [order] = await this.redis.read<(Order | null)[]>(getManyScript, [this.orderKey(id)], []);
    return order ?? null;
  }

  async getByNumber(number: string): Promise<Order | null> {
    assertWellFormed(number, 'OrderStore.getByNumber');
    const id = await this.redis.read<string | null>(numberGetScript, [this.numberKey(number)], []);
    if (id === null) return null;
    const order = await this.get(id);
    return order?.number === number ? order : null;
  }

  async update(order: Order, expectedVersion: number, step: Replayable & RecordsEvents = {}): Promise<OrderWriteResult> {
    assertWellFormed({ order, step }, 'OrderStore.update');
    assertEventsOf(order.id, step.events, 'OrderStore.update');
    // number, createdAt and version are spliced in by the script from the stored order.
    const { number: _number, createdAt: _createdAt, version: _version, ...rest } = order;
    const head = JSON.stringify(rest).slice(0, -1);
    const hasCustomer = order.customerId !== undefined;
    return this.redis.write(
      updateScript,
      this.tag(order.id),
      step.opId,
      [...this.orderKeys(order.id), ...this.recording.keysOf(this.tag(order.id))],
      [expectedVersion, head, order.status, order.customerId ?? '', hasCustomer ? '1' : '0', ...this.recording.argsOf(step.events)],
    );
  }

  async listByCustomer(customerId: string, options: { limit: number; cursor?: string }): Promise<OrderPage> {
    assertWellFormed({ customerId, options }, 'OrderStore.listByCustomer');
    return this.list('customer', customerId, options, 'desc', (o) => o.customerId === customerId);
  }

  async listByStatus(status: OrderStatus, options: { limit: number; cursor?: string }): Promise<OrderPage> {
    assertWellFormed({ status, options }, 'OrderStore.listByStatus');
    return this.list('status', status, options, 'asc', (o) => o.status === status);
  }

  /**
   * Two round trips: every shard answers its next sort keys (limit + 1, to know whether
   * more follow); the merged first `limit` are then read from their shards. An order that
   * changed status between the two reads is left out of this page rather than shown
   * under a status it no longer has.
   */
  private async list(kind: IndexKind, value: string, options: { limit: number; cursor?: string }, direction: 'asc' | 'desc', stillMatches: (o: Order) => boolean): Promise<OrderPage> {
    if (options.limit <= 0) return { orders: [] };
    const perShard = await Promise.all(
      Array.from({ length: ORDER_SHARDS }, (_, shard) =>
        this.redis.read<string[]>(indexPageScript, [this.indexKey(shard, kind)], [value, options.cursor ?? '', options.limit + 1, direction]),
      ),
    );
    const merged = perShard.flat().sort(direction === 'asc' ? byteOrder : (a, b) => byteOrder(b, a));
    const taken = merged.slice(0, options.limit);
    const orders = await this.readMany(taken.map((sk) => sk.slice(sk.indexOf(':') + 1)));
    const page: OrderPage = { orders: orders.filter((o): o is Order => o !== null && stillMatches(o)) };
    const last = taken[taken.length - 1];
    if (last !== undefined && merged.length > taken.length) page.cursor = last;
    return page;
  }

  /** Reads orders by id, one script per shard, answered in the order asked. */
  private async readMany(ids: string[]): Promise<(Order | null)[]> {
    const byShard = new Map<number, number[]>();
    ids.forEach((id, i) => {
      const shard = shardOf(id, ORDER_SHARDS);
      byShard.set(shard, [...(byShard.get(shard) ?? []), i]);
    });
    const found: (Order | null)[] = ids.map(() => null);
    await Promise.all(
      [...byShard.values()].map(async (positions) => {
        const docs = await this.redis.read<(Order | null)[]>(getManyScript, positions.map((i) => this.orderKey(ids[i] ?? '')), []);
        positions.forEach((position, j) => (found[position] = docs[j] ?? null));
      }),
    );
    return found;
  }

  private tag(id: string): string {
    return shardTagOf(id);
  }

  private orderKey(id: string): string {
    return this.redis.keys.key('ord', this.tag(id), id);
  }

  /** The order and its shard's indexes: one slot. */
  private orderKeys(id: string): [string, string, string] {
    const tag = this.tag(id);
    return [this.redis.keys.key('ord', tag, id), this.redis.keys.key('ordidx', tag, 'status'), this.redis.keys.key('ordidx', tag, 'customer')];
  }

  private indexKey(shard: number, kind: IndexKind): string {
    return this.redis.keys.key('ordidx', `o${shard}`, kind);
  }

  private numberKey(number: string): string {
    return this.redis.keys.key('ordnum', number);
  }
}
