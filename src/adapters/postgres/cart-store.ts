import { applyLineEdit, copyCart, refuseLineEdit, type LineChange } from '../../cart/line-rules.js';
import type { CartStore, LineLimits, LineResult, StoredCart, StoredCartLine } from '../../ports/cart-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import type { PgQueryable } from './client.js';
import { commit, refuse, type PgSteps } from './steps.js';

type CasResult = { code: 'ok'; cart: StoredCart } | { code: 'conflict'; version: number } | { code: 'not_found' };

/**
 * Carts on PostgreSQL: the cart as jsonb beside its user, version and expiry columns, the
 * user links in `cart_users`, takeExpired served by the expiry index. A line edit locks the
 * cart's row, applies the module's rules (cart/line-rules.ts) to what it read and writes the
 * cart back in the same transaction, so concurrent edits queue on the row and none is lost.
 */
export class PostgresCartStore implements CartStore {
  constructor(private readonly pg: PgSteps) {}

  async create(cart: StoredCart, step: Replayable = {}): Promise<{ code: 'ok'; cart: StoredCart } | { code: 'exists' }> {
    assertWellFormed({ cart, step }, 'CartStore.create');
    const stored = copyCart({ ...cart, version: 1 });
    return this.pg.write('carts.create', step.opId, async (tx) => {
      const { rowCount } = await tx.query(
        `INSERT INTO ${this.pg.t('carts')} (id, user_id, version, updated_at, expires_at, doc) VALUES ($1, $2, 1, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
        [stored.id, stored.userId, stored.updatedAt, stored.expiresAt, JSON.stringify(stored)],
      );
      if (!rowCount) return refuse<{ code: 'ok'; cart: StoredCart } | { code: 'exists' }>({ code: 'exists' });
      if (stored.userId !== null) await this.link(tx, stored.userId, stored.id);
      return commit<{ code: 'ok'; cart: StoredCart } | { code: 'exists' }>({ code: 'ok', cart: stored });
    });
  }

  async get(cartId: string, now: number): Promise<StoredCart | null> {
    assertWellFormed(cartId, 'CartStore.get');
    const rows = await this.pg.read<{ doc: StoredCart }>('carts.get', `SELECT doc FROM ${this.pg.t('carts')} WHERE id = $1 AND expires_at > $2`, [cartId, now]);
    return rows[0]?.doc ?? null;
  }

  async getUserCartId(userId: string): Promise<string | null> {
    assertWellFormed(userId, 'CartStore.getUserCartId');
    const rows = await this.pg.read<{ cart_id: string }>('carts.getUserCartId', `SELECT cart_id FROM ${this.pg.t('cart_users')} WHERE user_id = $1`, [userId]);
    return rows[0]?.cart_id ?? null;
  }

  async addToLine(op: { cartId: string; line: StoredCartLine; limits: LineLimits; now: number; expiresAt: number } & Replayable): Promise<LineResult> {
    assertWellFormed(op, 'CartStore.addToLine');
    return this.edit(op, { kind: 'add', line: op.line, limits: op.limits });
  }

  async setLineQuantity(op: { cartId: string; productId: string; sku: string; quantity: number; limits: LineLimits; now: number; expiresAt: number } & Replayable): Promise<LineResult> {
    assertWellFormed(op, 'CartStore.setLineQuantity');
    return this.edit(op, { kind: 'set', productId: op.productId, sku: op.sku, quantity: op.quantity, limits: op.limits });
  }

  async removeLine(op: { cartId: string; productId: string; sku: string; now: number; expiresAt: number } & Replayable): Promise<LineResult> {
    assertWellFormed(op, 'CartStore.removeLine');
    return this.edit(op, { kind: 'remove', productId: op.productId, sku: op.sku });
  }

  /** One line edit; already applied (its opId remembered), it answers the cart as stored now. */
  private async edit(op: { cartId: string; now: number; expiresAt: number } & Replayable, change: LineChange): Promise<LineResult> {
    const now = async (tx: PgQueryable): Promise<LineResult> => {
      const cart = await this.live(tx, op.cartId, op.now, false);
      return cart ? { code: 'ok', cart } : { code: 'not_found' };
    };
    return this.pg.write(
      'carts.lineEdit',
      op.opId,
      async (tx) => {
        const cart = await this.live(tx, op.cartId, op.now, true);
        if (!cart) return refuse<LineResult>({ code: 'not_found' });
        const refusal = refuseLineEdit(cart, change);
        if (refusal) return refuse<LineResult>(refusal);
        const next = applyLineEdit(cart, change, op);
        await this.write(tx, next);
        return commit<LineResult>({ code: 'ok', cart: next });
      },
      now,
    );
  }

  async compareAndSet(op: { cart: StoredCart; expectedVersion: number; now: number; expiresAt: number } & Replayable): Promise<CasResult> {
    assertWellFormed(op, 'CartStore.compareAndSet');
    return this.pg.write('carts.compareAndSet', op.opId, async (tx) => {
      const current = await this.live(tx, op.cart.id, op.now, true);
      if (!current) return refuse<CasResult>({ code: 'not_found' });
      if (current.version !== op.expectedVersion) return refuse<CasResult>({ code: 'conflict', version: current.version });
      const next = copyCart({ ...op.cart, version: current.version + 1, createdAt: current.createdAt, updatedAt: op.now, expiresAt: op.expiresAt });
      if (current.userId !== null && current.userId !== next.userId) {
        await tx.query(`DELETE FROM ${this.pg.t('cart_users')} WHERE user_id = $1 AND cart_id = $2`, [current.userId, next.id]);
      }
      if (next.userId !== null) await this.link(tx, next.userId, next.id);
      await this.write(tx, next);
      return commit<CasResult>({ code: 'ok', cart: next });
    });
  }

  async delete(op: { cartId: string; expectedVersion?: number } & Replayable): Promise<CasResult> {
    assertWellFormed(op, 'CartStore.delete');
    return this.pg.write('carts.delete', op.opId, async (tx) => {
      const { rows } = await tx.query<{ doc: StoredCart }>(`SELECT doc FROM ${this.pg.t('carts')} WHERE id = $1 FOR UPDATE`, [op.cartId]);
      const cart = rows[0]?.doc;
      if (!cart) return refuse<CasResult>({ code: 'not_found' });
      if (op.expectedVersion !== undefined && cart.version !== op.expectedVersion) return refuse<CasResult>({ code: 'conflict', version: cart.version });
      await this.remove(tx, [cart.id]);
      return commit<CasResult>({ code: 'ok', cart });
    });
  }

  async takeExpired(op: { now: number; limit: number }): Promise<StoredCart[]> {
    if (op.limit <= 0) return [];
    return this.pg.write('carts.takeExpired', undefined, async (tx) => {
      // SKIP LOCKED: a cart being edited (or taken by a concurrent sweep) is left for later.
      const { rows } = await tx.query<{ doc: StoredCart }>(
        `SELECT doc FROM ${this.pg.t('carts')} WHERE expires_at <= $1 ORDER BY expires_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [op.now, op.limit],
      );
      const carts = rows.map((r) => r.doc);
      await this.remove(tx, carts.map((c) => c.id));
      return commit(carts);
    });
  }

  /** The live cart (locked when `lock`), or undefined when missing or expired at `now`. */
  private async live(tx: PgQueryable, cartId: string, now: number, lock: boolean): Promise<StoredCart | undefined> {
    const { rows } = await tx.query<{ doc: StoredCart }>(`SELECT doc FROM ${this.pg.t('carts')} WHERE id = $1 AND expires_at > $2${lock ? ' FOR UPDATE' : ''}`, [cartId, now]);
    return rows[0]?.doc;
  }

  private async write(tx: PgQueryable, cart: StoredCart): Promise<void> {
    await tx.query(`UPDATE ${this.pg.t('carts')} SET user_id = $2, version = $3, updated_at = $4, expires_at = $5, doc = $6 WHERE id = $1`, [
      cart.id,
      cart.userId,
      cart.version,
      cart.updatedAt,
      cart.expiresAt,
      JSON.stringify(cart),
    ]);
  }

  private async link(tx: PgQueryable, userId: string, cartId: string): Promise<void> {
    await tx.query(`INSERT INTO ${this.pg.t('cart_users')} (user_id, cart_id) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET cart_id = EXCLUDED.cart_id`, [userId, cartId]);
  }

  /** Deletes carts and the user links that still point to them. */
  private async remove(tx: PgQueryable, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(`DELETE FROM ${this.pg.t('cart_users')} WHERE cart_id = ANY($1::text[])`, [ids]);
    await tx.query(`DELETE FROM ${this.pg.t('carts')} WHERE id = ANY($1::text[])`, [ids]);
  }
}
