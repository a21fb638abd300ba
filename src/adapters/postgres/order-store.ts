import type { Order } from '../../checkout/order-types.js';
import type { OrderStatus } from '../../checkout/order-status.js';
import type { OrderPage, OrderStore, OrderWriteResult } from '../../ports/order-store.js';
import type { RecordsEvents } from '../../ports/event-log.js';
import type { Replayable } from '../../ports/replay.js';
import { assertEventsOf } from '../../shared/event-drafts.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import type { PgEventRecording } from './event-recording.js';
import { commit, refuse, type PgSteps } from './steps.js';

type CreateResult = Awaited<ReturnType<OrderStore['create']>>;

/** A listing cursor: the last order's creation time (zero-padded) and id, as the memory store's. */
const cursorOf = (order: Order): string => `${String(order.createdAt).padStart(16, '0')}:${order.id}`;

function parseCursor(cursor: string): [number, string] {
  const colon = cursor.indexOf(':');
  const at = Number(cursor.slice(0, colon));
  if (colon < 0 || !Number.isSafeInteger(at)) return [Number.MAX_SAFE_INTEGER, ''];
  return [at, cursor.slice(colon + 1)];
}

/**
 * Orders on PostgreSQL: the whole order as jsonb beside the columns the listings and
 * look-ups use (number, customer, status, created time, total, currency), each listing
 * served by its own index in its own order with a (created_at, id) keyset cursor. A write is
 * one statement: the compare-and-set is `UPDATE ... WHERE version = $expected`. The step's
 * events (order.*) go into the outbox with its COMMIT (event-recording.ts): a refused step
 * rolls back before them, a replayed one answers from `applied_ops` without reaching them.
 */
export class PostgresOrderStore implements OrderStore {
  constructor(
    private readonly pg: PgSteps,
    private readonly recording: PgEventRecording,
  ) {}

  async nextSequence(): Promise<number> {
    // nextval is never rolled back or handed out twice: a number lost in flight is a gap.
    const rows = await this.pg.read<{ n: string }>('orders.nextSequence', `SELECT nextval('${this.pg.schema}.order_number_seq') AS n`);
    return Number(rows[0]?.n);
  }

  async create(order: Order, step: Replayable & RecordsEvents = {}): Promise<CreateResult> {
    assertWellFormed({ order, step }, 'OrderStore.create');
    assertEventsOf(order.id, step.events, 'OrderStore.create');
    const stored: Order = { ...order, version: 1 };
    return this.pg.write('orders.create', step.opId, async (tx) => {
      const { rows } = await tx.query<{ id_taken: boolean; number_taken: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM ${this.pg.t('orders')} WHERE id = $1) AS id_taken, EXISTS (SELECT 1 FROM ${this.pg.t('orders')} WHERE number = $2) AS number_taken`,
        [order.id, order.number],
      );
      if (rows[0]?.id_taken) return refuse<CreateResult>({ ok: false, reason: 'duplicate_id' });
      if (rows[0]?.number_taken) return refuse<CreateResult>({ ok: false, reason: 'duplicate_number' });
      const inserted = await tx.query(
        `INSERT INTO ${this.pg.t('orders')} (id, number, customer_id, email, status, currency, total_amount, created_at, updated_at, version, doc)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10) ON CONFLICT DO NOTHING`,
        [order.id, order.number, order.customerId ?? null, order.email, order.status, order.currency, order.total.amount, order.createdAt, order.updatedAt, JSON.stringify(stored)],
      );
      // A concurrent create took the id or the number after the check above.
      if (inserted.rowCount === 0) return refuse<CreateResult>({ ok: false, reason: (await this.idTaken(order.id)) ? 'duplicate_id' : 'duplicate_number' });
      return commit<CreateResult>({ ok: true }, this.recording.writesOf(step.events));
    });
  }

  async get(id: string): Promise<Order | null> {
    assertWellFormed(id, 'OrderStore.get');
    const rows = await this.pg.read<{ doc: Order }>('orders.get', `SELECT doc FROM ${this.pg.t('orders')} WHERE id = $1`, [id]);
    return rows[0]?.doc ?? null;
  }

  async getByNumber(number: string): Promise<Order | null> {
    assertWellFormed(number, 'OrderStore.getByNumber');
    const rows = await this.pg.read<{ doc: Order }>('orders.getByNumber', `SELECT doc FROM ${this.pg.t('orders')} WHERE number = $1`, [number]);
    return rows[0]?.doc ?? null;
  }

  async update(order: Order, expectedVersion: number, step: Replayable & RecordsEvents = {}): Promise<OrderWriteResult> {
    assertWellFormed({ order, step }, 'OrderStore.update');
    assertEventsOf(order.id, step.events, 'OrderStore.update');
    return this.pg.write('orders.update', step.opId, async (tx) => {
      // The number and creation time of an order never change, whatever the caller sent.
      const { rows } = await tx.query<{ doc: Order }>(
        `UPDATE ${this.pg.t('orders')} SET status = $3, customer_id = $4, email = $5, total_amount = $6, updated_at = $7, version = $2 + 1,
                doc = $8::jsonb || jsonb_build_object('number', number, 'createdAt', created_at, 'version', $2 + 1)
          WHERE id = $1 AND version = $2 RETURNING doc`,
        [order.id, expectedVersion, order.status, order.customerId ?? null, order.email, order.total.amount, order.updatedAt, JSON.stringify(order)],
      );
      if (rows[0]) return commit<OrderWriteResult>({ ok: true, order: rows[0].doc }, this.recording.writesOf(step.events));
      const current = await tx.query<{ doc: Order }>(`SELECT doc FROM ${this.pg.t('orders')} WHERE id = $1`, [order.id]);
      return refuse<OrderWriteResult>(current.rows[0] ? { ok: false, reason: 'conflict', current: current.rows[0].doc } : { ok: false, reason: 'not_found' });
    });
  }

  async listByCustomer(customerId: string, options: { limit: number; cursor?: string }): Promise<OrderPage> {
    assertWellFormed({ customerId, options }, 'OrderStore.listByCustomer');
    const [at, id] = options.cursor === undefined ? [Number.MAX_SAFE_INTEGER, ''] : parseCursor(options.cursor);
    const rows = await this.pg.read<{ doc: Order }>(
      'orders.listByCustomer',
      `SELECT doc FROM ${this.pg.t('orders')} WHERE customer_id = $1 AND (created_at, id) < ($2::bigint, $3::text) ORDER BY created_at DESC, id DESC LIMIT $4`,
      [customerId, at, id, options.limit + 1],
    );
    return page(rows.map((r) => r.doc), options.limit);
  }

  async listByStatus(status: OrderStatus, options: { limit: number; cursor?: string }): Promise<OrderPage> {
    assertWellFormed({ status, options }, 'OrderStore.listByStatus');
    const [at, id] = options.cursor === undefined ? [Number.MIN_SAFE_INTEGER, ''] : parseCursor(options.cursor);
    const rows = await this.pg.read<{ doc: Order }>(
      'orders.listByStatus',
      `SELECT doc FROM ${this.pg.t('orders')} WHERE status = $1 AND (created_at, id) > ($2::bigint, $3::text) ORDER BY created_at, id LIMIT $4`,
      [status, at, id, options.limit + 1],
    );
    return page(rows.map((r) => r.doc), options.limit);
  }

  private async idTaken(id: string): Promise<boolean> {
    return (await this.pg.read('orders.create', `SELECT 1 FROM ${this.pg.t('orders')} WHERE id = $1`, [id])).length > 0;
  }
}

/** A page of at most `limit` (one more was read to know whether another page follows). */
function page(orders: Order[], limit: number): OrderPage {
  const taken = orders.slice(0, limit);
  const last = taken[taken.length - 1];
  return orders.length > limit && last ? { orders: taken, cursor: cursorOf(last) } : { orders: taken };
}
