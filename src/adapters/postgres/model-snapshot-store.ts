import type { Clock } from '../../ports/clock.js';
import type { ModelSnapshotInfo, ModelSnapshotStore, StoredModelSnapshot } from '../../ports/model-snapshot-store.js';
import type { Replayable } from '../../ports/replay.js';
import { checkKeep, encodeSnapshotInput } from '../../recommend/model-snapshot-input.js';
import { assertWellFormed } from '../../shared/well-formed.js';
import { systemClock } from '../system/system-clock.js';
import { commit, type PgSteps } from './steps.js';

interface SnapshotRow {
  name: string;
  version: number;
  trained_at: number;
  saved_at: string;
  bytes: number;
  json?: string;
}

const infoOf = (row: SnapshotRow): ModelSnapshotInfo => ({ name: row.name, version: row.version, trainedAt: row.trained_at, savedAt: Number(row.saved_at), bytes: row.bytes });

/**
 * Model snapshots on PostgreSQL: the JSON text in a row per (name, version), versions handed
 * out by a per-name counter row that a save locks (UPDATE ... RETURNING), so concurrent saves
 * under one name get distinct versions and a reader never sees a version without its data.
 */
export class PostgresModelSnapshotStore implements ModelSnapshotStore {
  readonly keep: number;
  private readonly clock: Clock;

  constructor(
    private readonly pg: PgSteps,
    options: { clock?: Clock; keep?: number } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.keep = checkKeep(options.keep);
  }

  async save(input: { name: string; trainedAt: number; snapshot: unknown } & Replayable): Promise<ModelSnapshotInfo> {
    assertWellFormed(input, 'ModelSnapshotStore.save');
    const { name, trainedAt, json, bytes } = encodeSnapshotInput(input);
    return this.pg.write('modelSnapshots.save', input.opId, async (tx) => {
      const { rows } = await tx.query<{ last_version: number }>(
        `INSERT INTO ${this.pg.t('model_snapshot_names')} AS n (name, last_version) VALUES ($1, 1)
         ON CONFLICT (name) DO UPDATE SET last_version = n.last_version + 1 RETURNING last_version`,
        [name],
      );
      const version = rows[0]?.last_version as number;
      const info: ModelSnapshotInfo = { name, version, trainedAt, savedAt: this.clock.now(), bytes };
      await tx.query(`INSERT INTO ${this.pg.t('model_snapshots')} (name, version, trained_at, saved_at, bytes, json) VALUES ($1, $2, $3, $4, $5, $6)`, [
        name,
        version,
        trainedAt,
        info.savedAt,
        bytes,
        json,
      ]);
      await tx.query(`DELETE FROM ${this.pg.t('model_snapshots')} WHERE name = $1 AND version <= $2`, [name, version - this.keep]);
      return commit(info);
    });
  }

  async loadLatest(name: string): Promise<StoredModelSnapshot | null> {
    assertWellFormed(name, 'ModelSnapshotStore.loadLatest');
    const rows = await this.pg.read<SnapshotRow>('modelSnapshots.loadLatest', `SELECT * FROM ${this.pg.t('model_snapshots')} WHERE name = $1 ORDER BY version DESC LIMIT 1`, [name]);
    return rows[0] ? snapshotOf(rows[0]) : null;
  }

  async load(name: string, version: number): Promise<StoredModelSnapshot | null> {
    assertWellFormed(name, 'ModelSnapshotStore.load');
    if (!Number.isInteger(version) || version < 1 || version > 2 ** 31 - 1) return null;
    const rows = await this.pg.read<SnapshotRow>('modelSnapshots.load', `SELECT * FROM ${this.pg.t('model_snapshots')} WHERE name = $1 AND version = $2`, [name, version]);
    return rows[0] ? snapshotOf(rows[0]) : null;
  }

  async list(name: string): Promise<ModelSnapshotInfo[]> {
    assertWellFormed(name, 'ModelSnapshotStore.list');
    const rows = await this.pg.read<SnapshotRow>(
      'modelSnapshots.list',
      `SELECT name, version, trained_at, saved_at, bytes FROM ${this.pg.t('model_snapshots')} WHERE name = $1 ORDER BY version DESC`,
      [name],
    );
    return rows.map(infoOf);
  }
}

function snapshotOf(row: SnapshotRow): StoredModelSnapshot {
  return { ...infoOf(row), snapshot: JSON.parse(row.json ?? 'null') as unknown };
}
