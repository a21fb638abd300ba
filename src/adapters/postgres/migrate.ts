import { CommerceError } from '../../shared/errors.js';
import { quoteSchema, type PgPool } from './client.js';
import { MIGRATIONS } from './migrations.generated.js';
import { PgSteps } from './steps.js';

export interface MigrateOptions {
  /** The schema the tables live in (created when missing); default `commerce`. */
  schema?: string;
}

/** What `migrate` did: the versions it applied now, and the version the schema is at. */
export interface MigrateResult {
  applied: number[];
  version: number;
}

/** The default schema of `migrate` and `postgresAdapters`. */
export const DEFAULT_SCHEMA = 'commerce';

/**
 * Brings the schema up to the newest migration shipped in the package. Idempotent: a schema
 * already up to date is left as is. Safe when several app instances start at once: the
 * whole run is one transaction holding a transaction-level advisory lock keyed by the
 * schema's name, so a second instance waits, then finds everything applied. Each applied
 * version is recorded in `schema_migrations` with its checksum; a shipped file that no longer
 * matches what was applied is refused (INTERNAL), since an applied migration is never edited.
 */
export async function migrate(pool: PgPool, options: MigrateOptions = {}): Promise<MigrateResult> {
  const name = options.schema ?? DEFAULT_SCHEMA;
  const schema = quoteSchema(name);
  const steps = new PgSteps(pool, schema);
  return steps.transaction('migrate', async (tx) => {
    // The lock first: CREATE SCHEMA IF NOT EXISTS itself races when run concurrently.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`commerce-kernel:migrate:${name}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = await tx.query<{ version: number; checksum: string }>(`SELECT version, checksum FROM ${schema}.schema_migrations`);
    const appliedBefore = new Map(done.rows.map((r) => [r.version, r.checksum]));
    const applied: number[] = [];
    // Unqualified names in the files land in the schema; pg_catalog still resolves built-ins.
    await tx.query(`SET LOCAL search_path TO ${schema}`);
    for (const migration of MIGRATIONS) {
      const checksum = appliedBefore.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new CommerceError('INTERNAL', { reason: `migration ${migration.version}_${migration.name} was edited after it was applied to schema ${name}`, version: migration.version });
        }
        continue;
      }
      await tx.query(migration.sql);
      await tx.query(`INSERT INTO ${schema}.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)`, [migration.version, migration.name, migration.checksum]);
      applied.push(migration.version);
    }
    const newest = Math.max(0, ...appliedBefore.keys(), ...applied);
    return { applied, version: newest };
  });
}
