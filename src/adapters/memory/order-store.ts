import type { Order } from '../../checkout/order-types.js';
import type { OrderStatus } from '../../checkout/order-status.js';
import type { OrderPage, OrderStore, OrderWriteResult } from '../../ports/order-store.js';
import type { RecordsEvents } from '../../ports/event-log.js';
import type { Replayable } from '../../ports/replay.js';
import { assertEventsOf } from '../../shared/event-drafts.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import type { MemoryEventLog } from './event-log.js';
import { ReplayLog } from './replay-log.js';

/** Sort key of an order in listings: creation time, then id. */
const keyOf = (order: Order): string => `${String(order.createdAt).padStart(16, '0')}:${order.id}`;

type CreateResult = Awaited<ReturnType<OrderStore['create']>>;

/** In-process orders; each method reads and writes without awaiting in between. */
export class MemoryOrderStore implements OrderStore {
  private readonly orders = new Map<string, Order>();
  private readonly byNumber = new Map<string, string>();
  private readonly replays = new ReplayLog();
  private sequence = 0;

  /** `events`: the log the steps record their events in (memoryAdapters passes the set's). */
  constructor(private readonly options: { events?: MemoryEventLog } = {}) {}

  async nextSequence(): Promise<number> {
    this.sequence += 1;
    return this.sequence;
  }

  async create(order: Order, step: Replayable & RecordsEvents = {}): Promise<CreateResult> {
    assertWellFormed({ order, step }, 'OrderStore.create');
    assertEventsOf(order.id, step.events, 'OrderStore.create');
    const first = this.replays.answered<CreateResult>(step.opId);
    if (first !== undefined) return first;
    if (this.orders.has(order.id)) return { ok: false, reason: 'duplicate_id' };
    if (this.byNumber.has(order.number)) return { ok: false, reason: 'duplicate_number' };
    this.orders.set(order.id, structuredClone({ ...order, version: 1 }));
    this.byNumber.set(order.number, order.id);
    this.options.events?.record(step.events);
    return this.replays.remember(step.opId, { ok: true });
  }

  async get(id: string): Promise<Order | null> {
    assertWellFormed(id, 'OrderStore.get');
    const order = this.orders.get(id);
    return order ? structuredClone(order) : null;
  }

  async getByNumber(number: string): Promise<Order | null> {
    assertWellFormed(number, 'OrderStore.getByNumber');
    const id = this.byNumber.get(number);
    return this.get(id ?? '');
  }

  async update(order: Order, expectedVersion: number, step: Replayable & RecordsEvents = {}): Promise<OrderWriteResult> {
    assertWellFormed({ order, step }, 'OrderStore.update');
    assertEventsOf(order.id, step.events, 'OrderStore.update');
    const first = this.replays.answered<OrderWriteResult>(step.opId);
    if (first !== undefined) return first;
    const stored = this.orders.get(order.id);
    if (!stored) return { ok: false, reason: 'not_found' };
    if (stored.version !== expectedVersion) return { ok: false, reason: 'conflict', current: structuredClone(stored) };
    // The number and identity of an order never change, whatever the caller sent.
    const next = structuredClone({ ...order, number: stored.number, createdAt: stored.createdAt, version: expectedVersion + 1 });
    this.orders.set(order.id, next);
    this.options.events?.record(step.events);
    return this.replays.remember(step.opId, { ok: true, order: structuredClone(next) });
  }

  async listByCustomer(customerId: string, options: { limit: number; cursor?: string }): Promise<OrderPage> {
    assertWellFormed({ customerId, options }, 'OrderStore.listByCustomer');
    const matching = [...this.orders.values()].filter((o) => o.customerId === customerId);
    return page(matching, options, 'desc');
  }

  async listByStatus(status: OrderStatus, options: { limit: number; cursor?: string }): Promise<OrderPage> {
    assertWellFormed({ status, options }, 'OrderStore.listByStatus');
    const matching = [...this.orders.values()].filter((o) => o.status === status);
    return page(matching, options, 'asc');
  }
}

function page(orders: Order[], options: { limit: number; cursor?: string }, direction: 'asc' | 'desc'): OrderPage {
  const sorted = orders.map((o) => ({ key: keyOf(o), o })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (direction === 'desc') sorted.reverse();
  const cursor = options.cursor;
  const after = cursor === undefined ? sorted : sorted.filter(({ key }) => (direction === 'asc' ? key > cursor : key < cursor));
  const taken = after.slice(0, options.limit);
  const last = taken[taken.length - 1];
  const result: OrderPage = { orders: taken.map(({ o }) => structuredClone(o)) };
  if (last && after.length > taken.length) result.cursor = last.key;
  return result;
}
