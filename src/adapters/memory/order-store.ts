import type { Order } from '../../checkout/order-types.js';
import type { OrderStatus } from '../../checkout/order-status.js';
import type { OrderPage, OrderStore, OrderWriteResult } from '../../ports/order-store.js';

/** Sort key of an order in listings: creation time, then id. */
const keyOf = (order: Order): string => `${String(order.createdAt).padStart(16, '0')}:${order.id}`;

/** In-process orders; each method reads and writes without awaiting in between. */
export class MemoryOrderStore implements OrderStore {
  private readonly orders = new Map<string, Order>();
  private readonly byNumber = new Map<string, string>();
  private sequence = 0;

  nextSequence(): Promise<number> {
    this.sequence += 1;
    return Promise.resolve(this.sequence);
  }

  create(order: Order): Promise<{ ok: true } | { ok: false; reason: 'duplicate_id' | 'duplicate_number' }> {
    if (this.orders.has(order.id)) return Promise.resolve({ ok: false, reason: 'duplicate_id' });
    if (this.byNumber.has(order.number)) return Promise.resolve({ ok: false, reason: 'duplicate_number' });
    this.orders.set(order.id, structuredClone({ ...order, version: 1 }));
    this.byNumber.set(order.number, order.id);
    return Promise.resolve({ ok: true });
  }

  get(id: string): Promise<Order | null> {
    const order = this.orders.get(id);
    return Promise.resolve(order ? structuredClone(order) : null);
  }

  getByNumber(number: string): Promise<Order | null> {
    const id = this.byNumber.get(number);
    return this.get(id ?? '');
  }

  update(order: Order, expectedVersion: number): Promise<OrderWriteResult> {
    const stored = this.orders.get(order.id);
    if (!stored) return Promise.resolve({ ok: false, reason: 'not_found' });
    if (stored.version !== expectedVersion) return Promise.resolve({ ok: false, reason: 'conflict', current: structuredClone(stored) });
    // The number and identity of an order never change, whatever the caller sent.
    const next = structuredClone({ ...order, number: stored.number, createdAt: stored.createdAt, version: expectedVersion + 1 });
    this.orders.set(order.id, next);
    return Promise.resolve({ ok: true, order: structuredClone(next) });
  }

  listByCustomer(customerId: string, options: { limit: number; cursor?: string }): Promise<OrderPage> {
    const matching = [...this.orders.values()].filter((o) => o.customerId === customerId);
    return Promise.resolve(page(matching, options, 'desc'));
  }

  listByStatus(status: OrderStatus, options: { limit: number; cursor?: string }): Promise<OrderPage> {
    const matching = [...this.orders.values()].filter((o) => o.status === status);
    return Promise.resolve(page(matching, options, 'asc'));
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
