import type { InteractionStore, InteractionType, StoredInteraction, TimeRange } from '../../ports/interaction-store.js';
import type { Replayable } from '../../ports/replay.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { commit, type PgSteps } from './steps.js';

interface InteractionRow {
  user_id: string;
  product_id: string;
  type: InteractionType;
  weight: number;
  at: number;
  session_id: string | null;
  order_id: string | null;
}

function interactionOf(row: InteractionRow): StoredInteraction {
  return {
    userId: row.user_id,
    productId: row.product_id,
    type: row.type,
    weight: row.weight,
    at: row.at,
    ...(row.session_id === null ? {} : { sessionId: row.session_id }),
    ...(row.order_id === null ? {} : { orderId: row.order_id }),
  };
}

/**
 * The interaction log on PostgreSQL: append-only rows numbered by a sequence, read by time
 * with ties in append order (ORDER BY at, seq), per user or over a time range, each through
 * its own index. A batch is one INSERT, so it lands whole or not at all.
 */
export class PostgresInteractionStore implements InteractionStore {
  constructor(private readonly pg: PgSteps) {}

  async append(interaction: StoredInteraction, step: Replayable = {}): Promise<void> {
    assertWellFormed({ interaction, step }, 'InteractionStore.append');
    await this.insert([interaction], step.opId);
  }

  async appendMany(interactions: readonly StoredInteraction[], step: Replayable = {}): Promise<void> {
    assertWellFormed({ interactions, step }, 'InteractionStore.appendMany');
    if (interactions.length === 0) return;
    await this.insert(interactions, step.opId);
  }

  async listByUser(userId: string): Promise<StoredInteraction[]> {
    assertWellFormed(userId, 'InteractionStore.listByUser');
    const rows = await this.pg.read<InteractionRow>('interactions.listByUser', `SELECT * FROM ${this.pg.t('interactions')} WHERE user_id = $1 ORDER BY at, seq`, [userId]);
    return rows.map(interactionOf);
  }

  async listByTimeRange(range: TimeRange): Promise<StoredInteraction[]> {
    const rows = await this.pg.read<InteractionRow>(
      'interactions.listByTimeRange',
      `SELECT * FROM ${this.pg.t('interactions')} WHERE ($1::float8 IS NULL OR at >= $1) AND ($2::float8 IS NULL OR at < $2) ORDER BY at, seq`,
      [range.from ?? null, range.to ?? null],
    );
    return rows.map(interactionOf);
  }

  async count(): Promise<number> {
    const rows = await this.pg.read<{ n: string }>('interactions.count', `SELECT count(*) AS n FROM ${this.pg.t('interactions')}`);
    return Number(rows[0]?.n ?? 0);
  }

  private async insert(batch: readonly StoredInteraction[], opId: string | undefined): Promise<void> {
    await this.pg.write('interactions.append', opId, async (tx) => {
      await tx.query(
        `INSERT INTO ${this.pg.t('interactions')} (user_id, product_id, type, weight, at, session_id, order_id)
         SELECT user_id, product_id, type, weight, at, session_id, order_id
           FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::text[]) WITH ORDINALITY
                AS i(user_id, product_id, type, weight, at, session_id, order_id, n)
          ORDER BY n`,
        [
          batch.map((i) => i.userId),
          batch.map((i) => i.productId),
          batch.map((i) => i.type),
          batch.map((i) => i.weight),
          batch.map((i) => i.at),
          batch.map((i) => i.sessionId ?? null),
          batch.map((i) => i.orderId ?? null),
        ],
      );
      return commit(true);
    });
  }
}
