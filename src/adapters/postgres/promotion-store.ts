import type { Promotion, PromotionStore, PromotionUsage } from '../../ports/promotion-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import type { PgQueryable } from './client.js';
import { commit, refuse, type PgSteps } from './steps.js';

type ReserveResult = Awaited<ReturnType<PromotionStore['reserveUsage']>>;
type ReleaseResult = Awaited<ReturnType<PromotionStore['releaseUsage']>>;

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Promotions on PostgreSQL. Usage is counted in the promotion's row: `reserveUsage` locks the
 * rows of every promotion it counts (in id order, as `releaseUsage` does, so they never
 * deadlock), checks every limit on what it locked, then counts all or nothing. Per-customer
 * counts live in their own rows, guarded by the same promotion row lock.
 */
export class PostgresPromotionStore implements PromotionStore {
  constructor(private readonly pg: PgSteps) {}

  async save(promotion: Promotion): Promise<void> {
    assertWellFormed(promotion, 'PromotionStore.save');
    const code = promotion.code === undefined ? null : promotion.code.toUpperCase();
    const doc = JSON.stringify(promotion);
    // A step with an opId of its own: a resend after a lost COMMIT cannot undo a newer save.
    await this.pg.write('promotions.save', undefined, async (tx) => {
      if (code !== null) await tx.query(`UPDATE ${this.pg.t('promotions')} SET code_upper = NULL WHERE code_upper = $1 AND id <> $2`, [code, promotion.id]);
      await tx.query(
        `INSERT INTO ${this.pg.t('promotions')} (id, code_upper, automatic, doc) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET code_upper = EXCLUDED.code_upper, automatic = EXCLUDED.automatic, doc = EXCLUDED.doc`,
        [promotion.id, code, promotion.code === undefined, doc],
      );
      return commit(null);
    });
  }

  async get(promotionId: string): Promise<Promotion | null> {
    assertWellFormed(promotionId, 'PromotionStore.get');
    const rows = await this.pg.read<{ doc: Promotion }>('promotions.get', `SELECT doc FROM ${this.pg.t('promotions')} WHERE id = $1`, [promotionId]);
    return rows[0]?.doc ?? null;
  }

  async findByCode(code: string): Promise<Promotion | null> {
    assertWellFormed(code, 'PromotionStore.findByCode');
    const rows = await this.pg.read<{ doc: Promotion }>('promotions.findByCode', `SELECT doc FROM ${this.pg.t('promotions')} WHERE code_upper = $1`, [code.toUpperCase()]);
    return rows[0]?.doc ?? null;
  }

  async listAutomatic(): Promise<Promotion[]> {
    const rows = await this.pg.read<{ doc: Promotion }>('promotions.listAutomatic', `SELECT doc FROM ${this.pg.t('promotions')} WHERE automatic ORDER BY id`);
    return rows.map((r) => r.doc);
  }

  async getUsage(promotionId: string, customerId?: string): Promise<PromotionUsage> {
    assertWellFormed({ promotionId, customerId }, 'PromotionStore.getUsage');
    const rows = await this.pg.read<{ used: string | null; by_customer: string | null }>(
      'promotions.getUsage',
      `SELECT (SELECT used FROM ${this.pg.t('promotions')} WHERE id = $1) AS used,
              (SELECT used FROM ${this.pg.t('promotion_customer_usage')} WHERE promotion_id = $1 AND customer_id = $2) AS by_customer`,
      [promotionId, customerId ?? null],
    );
    const row = rows[0];
    return { used: Number(row?.used ?? 0), usedByCustomer: customerId === undefined ? 0 : Number(row?.by_customer ?? 0) };
  }

  async reserveUsage(op: { holdId: string; promotionIds: string[]; customerId?: string; now: number } & Replayable): Promise<ReserveResult> {
    assertWellFormed(op, 'PromotionStore.reserveUsage');
    const ids = [...new Set(op.promotionIds)];
    return this.pg.write('promotions.reserveUsage', op.opId, async (tx) => {
      const held = await tx.query(`SELECT 1 FROM ${this.pg.t('promotion_holds')} WHERE hold_id = $1`, [op.holdId]);
      if (held.rowCount) return refuse<ReserveResult>({ code: 'ok' });
      const locked = await tx.query<{ id: string; used: string; doc: Promotion; by_customer: string | null }>(
        `SELECT p.id, p.used, p.doc, c.used AS by_customer FROM ${this.pg.t('promotions')} p
           LEFT JOIN ${this.pg.t('promotion_customer_usage')} c ON c.promotion_id = p.id AND c.customer_id = $2
          WHERE p.id = ANY($1::text[]) ORDER BY p.id FOR UPDATE OF p`,
        [[...ids].sort(byId), op.customerId ?? null],
      );
      const rows = new Map(locked.rows.map((r) => [r.id, r]));
      // Check every limit first, in the caller's order, then count: all or nothing.
      for (const id of ids) {
        const row = rows.get(id);
        if (!row) return refuse<ReserveResult>({ code: 'not_found', promotionId: id });
        const { usageLimit, perCustomerLimit } = row.doc;
        if (usageLimit !== undefined && Number(row.used) >= usageLimit) return refuse<ReserveResult>({ code: 'limit_reached', promotionId: id, scope: 'overall' });
        if (perCustomerLimit !== undefined && op.customerId !== undefined && Number(row.by_customer ?? 0) >= perCustomerLimit) {
          return refuse<ReserveResult>({ code: 'limit_reached', promotionId: id, scope: 'customer' });
        }
      }
      const inserted = await tx.query(
        `INSERT INTO ${this.pg.t('promotion_holds')} (hold_id, promotion_ids, customer_id, state) VALUES ($1, $2, $3, 'reserved') ON CONFLICT DO NOTHING`,
        [op.holdId, ids, op.customerId ?? null],
      );
      // The same hold id was reserved concurrently and committed first: it counted already.
      if (inserted.rowCount === 0) return refuse<ReserveResult>({ code: 'ok' });
      await this.count(tx, ids, op.customerId ?? null, 1);
      return commit<ReserveResult>({ code: 'ok' });
    });
  }

  async commitUsage(holdId: string, step: Replayable = {}): Promise<{ code: 'ok' | 'not_found' }> {
    assertWellFormed({ holdId, step }, 'PromotionStore.commitUsage');
    return this.pg.write('promotions.commitUsage', step.opId, async (tx) => {
      const { rowCount } = await tx.query(`UPDATE ${this.pg.t('promotion_holds')} SET state = 'committed' WHERE hold_id = $1`, [holdId]);
      return rowCount ? commit<{ code: 'ok' | 'not_found' }>({ code: 'ok' }) : refuse<{ code: 'ok' | 'not_found' }>({ code: 'not_found' });
    });
  }

  async releaseUsage(holdId: string, step: Replayable = {}): Promise<ReleaseResult> {
    assertWellFormed({ holdId, step }, 'PromotionStore.releaseUsage');
    return this.pg.write('promotions.releaseUsage', step.opId, async (tx) => {
      const { rows } = await tx.query<{ promotion_ids: string[]; customer_id: string | null; state: string }>(
        `SELECT promotion_ids, customer_id, state FROM ${this.pg.t('promotion_holds')} WHERE hold_id = $1 FOR UPDATE`,
        [holdId],
      );
      const hold = rows[0];
      if (!hold) return refuse<ReleaseResult>({ code: 'not_found' });
      if (hold.state === 'committed') return refuse<ReleaseResult>({ code: 'already_committed' });
      await tx.query(`SELECT 1 FROM ${this.pg.t('promotions')} WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [[...hold.promotion_ids].sort(byId)]);
      await this.count(tx, hold.promotion_ids, hold.customer_id, -1);
      // Forgetting the hold makes a second release answer not_found, which callers treat as done.
      await tx.query(`DELETE FROM ${this.pg.t('promotion_holds')} WHERE hold_id = $1`, [holdId]);
      return commit<ReleaseResult>({ code: 'ok' });
    });
  }

  /** Adds `delta` uses to each promotion (rows locked by the caller), and to the customer's. */
  private async count(tx: PgQueryable, ids: string[], customerId: string | null, delta: number): Promise<void> {
    await tx.query(`UPDATE ${this.pg.t('promotions')} SET used = used + $2 WHERE id = ANY($1::text[])`, [ids, delta]);
    if (customerId === null) return;
    await tx.query(
      `INSERT INTO ${this.pg.t('promotion_customer_usage')} AS u (promotion_id, customer_id, used) SELECT id, $2, $3 FROM unnest($1::text[]) AS id
       ON CONFLICT (promotion_id, customer_id) DO UPDATE SET used = u.used + $3`,
      [ids, customerId, delta],
    );
  }
}
