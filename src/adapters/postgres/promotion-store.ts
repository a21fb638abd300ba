import type { CommitUsageResult, Promotion, PromotionStore, PromotionUsage, ReserveUsageResult } from '../../ports/promotion-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import type { PgQueryable } from './client.js';
import { commit, refuse, type PgSteps } from './steps.js';

type ReserveResult = ReserveUsageResult;
type ReleaseResult = Awaited<ReturnType<PromotionStore['releaseUsage']>>;

interface HoldRow {
  promotion_ids: string[];
  customer_id: string | null;
  state: 'reserved' | 'committed';
  expires_at: string | null;
}

/** A reserved hold past its expiry at `now` (never without an expiry, or without `now`). */
function lapsed(hold: HoldRow, now: number | undefined): boolean {
  return hold.state === 'reserved' && hold.expires_at !== null && now !== undefined && Number(hold.expires_at) <= now;
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Promotions on PostgreSQL. Usage is counted in the promotion's row: `reserveUsage` locks the
 * rows of every promotion it counts (in id order, as `releaseUsage` does, so they never
 * deadlock), checks every limit on what it locked, then counts all or nothing. Per-customer
 * counts live in their own rows, guarded by the same promotion row lock. A hold with an
 * expiry counts through its rows in `promotion_hold_uses` while it lasts (006's comment);
 * steps lock a hold's row before the promotion rows.
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

  async getUsage(promotionId: string, customerId?: string, now?: number): Promise<PromotionUsage> {
    assertWellFormed({ promotionId, customerId }, 'PromotionStore.getUsage');
    const uses = this.pg.t('promotion_hold_uses');
    const rows = await this.pg.read<{ used: string | null; by_customer: string | null; live: string; live_by_customer: string }>(
      'promotions.getUsage',
      `SELECT (SELECT used FROM ${this.pg.t('promotions')} WHERE id = $1) AS used,
              (SELECT used FROM ${this.pg.t('promotion_customer_usage')} WHERE promotion_id = $1 AND customer_id = $2) AS by_customer,
              (SELECT count(*) FROM ${uses} WHERE promotion_id = $1 AND ($3::bigint IS NULL OR expires_at > $3)) AS live,
              (SELECT count(*) FROM ${uses} WHERE promotion_id = $1 AND customer_id = $2 AND ($3::bigint IS NULL OR expires_at > $3)) AS live_by_customer`,
      [promotionId, customerId ?? null, now ?? null],
    );
    const row = rows[0];
    return {
      used: Number(row?.used ?? 0) + Number(row?.live ?? 0),
      usedByCustomer: customerId === undefined ? 0 : Number(row?.by_customer ?? 0) + Number(row?.live_by_customer ?? 0),
    };
  }

  async reserveUsage(op: { holdId: string; promotionIds: string[]; customerId?: string; now: number; expiresAt?: number } & Replayable): Promise<ReserveResult> {
    assertWellFormed(op, 'PromotionStore.reserveUsage');
    const ids = [...new Set(op.promotionIds)];
    return this.pg.write('promotions.reserveUsage', op.opId, async (tx) => {
      const held = await this.lockHold(tx, op.holdId);
      if (held && !lapsed(held, op.now)) return refuse<ReserveResult>({ code: 'ok' });
      // A lapsed hold stopped counting at its expiry: forget it and reserve anew.
      if (held) await this.forget(tx, op.holdId);
      const refused = await this.limitReached(tx, ids, op.customerId ?? null, op.now);
      if (refused) return refuse<ReserveResult>(refused);
      const inserted = await tx.query(
        `INSERT INTO ${this.pg.t('promotion_holds')} (hold_id, promotion_ids, customer_id, state, expires_at) VALUES ($1, $2, $3, 'reserved', $4) ON CONFLICT DO NOTHING`,
        [op.holdId, ids, op.customerId ?? null, op.expiresAt ?? null],
      );
      // The same hold id was reserved concurrently and committed first: it counted already.
      if (inserted.rowCount === 0) return refuse<ReserveResult>({ code: 'ok' });
      if (op.expiresAt === undefined) await this.count(tx, ids, op.customerId ?? null, 1);
      else {
        await tx.query(
          `INSERT INTO ${this.pg.t('promotion_hold_uses')} (hold_id, promotion_id, customer_id, expires_at) SELECT $1, id, $3, $4 FROM unnest($2::text[]) AS id`,
          [op.holdId, ids, op.customerId ?? null, op.expiresAt],
        );
      }
      return commit<ReserveResult>({ code: 'ok' });
    });
  }

  async commitUsage(holdId: string, step: Replayable & { now?: number } = {}): Promise<CommitUsageResult> {
    assertWellFormed({ holdId, step }, 'PromotionStore.commitUsage');
    return this.pg.write('promotions.commitUsage', step.opId, async (tx) => {
      const hold = await this.lockHold(tx, holdId);
      if (!hold) return refuse<CommitUsageResult>({ code: 'not_found' });
      if (hold.state === 'reserved' && hold.expires_at !== null) {
        // Its uses stopped counting if it lapsed: count them again as a new reservation would.
        if (lapsed(hold, step.now)) {
          const refused = await this.limitReached(tx, hold.promotion_ids, hold.customer_id, step.now ?? 0);
          if (refused?.code === 'limit_reached') return refuse<CommitUsageResult>(refused);
        } else await this.lockPromotions(tx, hold.promotion_ids);
        await tx.query(`DELETE FROM ${this.pg.t('promotion_hold_uses')} WHERE hold_id = $1`, [holdId]);
        await this.count(tx, hold.promotion_ids, hold.customer_id, 1);
      }
      await tx.query(`UPDATE ${this.pg.t('promotion_holds')} SET state = 'committed', expires_at = NULL WHERE hold_id = $1`, [holdId]);
      return commit<CommitUsageResult>({ code: 'ok' });
    });
  }

  async releaseUsage(holdId: string, step: Replayable = {}): Promise<ReleaseResult> {
    assertWellFormed({ holdId, step }, 'PromotionStore.releaseUsage');
    return this.pg.write('promotions.releaseUsage', step.opId, async (tx) => {
      const hold = await this.lockHold(tx, holdId);
      if (!hold) return refuse<ReleaseResult>({ code: 'not_found' });
      if (hold.state === 'committed') return refuse<ReleaseResult>({ code: 'already_committed' });
      if (hold.expires_at === null) {
        await this.lockPromotions(tx, hold.promotion_ids);
        await this.count(tx, hold.promotion_ids, hold.customer_id, -1);
      }
      // Forgetting the hold makes a second release answer not_found, which callers treat as done.
      await this.forget(tx, holdId);
      return commit<ReleaseResult>({ code: 'ok' });
    });
  }

  private async lockHold(tx: PgQueryable, holdId: string): Promise<HoldRow | undefined> {
    const { rows } = await tx.query<HoldRow>(`SELECT promotion_ids, customer_id, state, expires_at FROM ${this.pg.t('promotion_holds')} WHERE hold_id = $1 FOR UPDATE`, [holdId]);
    return rows[0];
  }

  /** Forgets a hold and its uses that can lapse (those of a hold without an expiry are the caller's). */
  private async forget(tx: PgQueryable, holdId: string): Promise<void> {
    await tx.query(`DELETE FROM ${this.pg.t('promotion_hold_uses')} WHERE hold_id = $1`, [holdId]);
    await tx.query(`DELETE FROM ${this.pg.t('promotion_holds')} WHERE hold_id = $1`, [holdId]);
  }

  /** Locks the promotion rows in id order (as every step does, so they never deadlock). */
  private async lockPromotions(tx: PgQueryable, ids: string[]): Promise<void> {
    await tx.query(`SELECT 1 FROM ${this.pg.t('promotions')} WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [[...ids].sort(byId)]);
  }

  /**
   * Locks the promotions and answers the first limit one more use would pass, checked for
   * every promotion in the caller's order before anything counts. Uses of holds that lapsed
   * by `now` are removed first, under the same locks.
   */
  private async limitReached(tx: PgQueryable, ids: string[], customerId: string | null, now: number): Promise<ReserveResult | undefined> {
    const locked = await tx.query<{ id: string; used: string; doc: Promotion; by_customer: string | null }>(
      `SELECT p.id, p.used, p.doc, c.used AS by_customer FROM ${this.pg.t('promotions')} p
         LEFT JOIN ${this.pg.t('promotion_customer_usage')} c ON c.promotion_id = p.id AND c.customer_id = $2
        WHERE p.id = ANY($1::text[]) ORDER BY p.id FOR UPDATE OF p`,
      [[...ids].sort(byId), customerId],
    );
    const uses = this.pg.t('promotion_hold_uses');
    await tx.query(`DELETE FROM ${uses} WHERE promotion_id = ANY($1::text[]) AND expires_at <= $2`, [ids, now]);
    const live = await tx.query<{ promotion_id: string; total: string; by_customer: string }>(
      `SELECT promotion_id, count(*) AS total, count(*) FILTER (WHERE customer_id = $2) AS by_customer FROM ${uses} WHERE promotion_id = ANY($1::text[]) GROUP BY promotion_id`,
      [ids, customerId],
    );
    const rows = new Map(locked.rows.map((r) => [r.id, r]));
    const held = new Map(live.rows.map((r) => [r.promotion_id, r]));
    for (const id of ids) {
      const row = rows.get(id);
      if (!row) return { code: 'not_found', promotionId: id };
      const { usageLimit, perCustomerLimit } = row.doc;
      const extra = held.get(id);
      if (usageLimit !== undefined && Number(row.used) + Number(extra?.total ?? 0) >= usageLimit) return { code: 'limit_reached', promotionId: id, scope: 'overall' };
      if (perCustomerLimit !== undefined && customerId !== null && Number(row.by_customer ?? 0) + Number(extra?.by_customer ?? 0) >= perCustomerLimit) {
        return { code: 'limit_reached', promotionId: id, scope: 'customer' };
      }
    }
    return undefined;
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
