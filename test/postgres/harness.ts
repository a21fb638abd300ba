// Shared setup for every PostgreSQL test file: one pool per file, a fresh schema per test
// (or per scope), migrated, and dropped afterwards: only the schemas made here are dropped.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { migrate, postgresAdapters, type PostgresAdapters } from '../../src/adapters/postgres/index.js';
import type { Clock } from '../../src/ports/clock.js';
import type { StoreFactory } from '../../src/testing/index.js';

export const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A pool on PG_URL that never leaves an idle-client error unhandled (a killed backend emits one). */
export function openPool(max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: PG_URL, max });
  pool.on('error', () => undefined);
  return pool;
}

async function answers(): Promise<boolean> {
  const probe = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await probe.end().catch(() => undefined);
  }
}

/**
 * Whether PostgreSQL suites run. Outside CI a missing server skips them, loudly; under CI=true
 * it is a failure, since CI must exercise them.
 */
export async function pgSkipReason(suite: string): Promise<string | undefined> {
  if (await answers()) return undefined;
  if (process.env.CI) throw new Error(`CI is set but PostgreSQL does not answer at ${PG_URL}: the ${suite} suites must run in CI`);
  const reason = `no PostgreSQL answers at ${PG_URL} (set PG_URL or start the server)`;
  console.warn(`\n!!! SKIPPING PostgreSQL suites "${suite}": ${reason}\n`);
  return reason;
}

/** A schema name of this test run (lower case, so it needs no quoting rules of its own). */
export function testSchema(file: string): string {
  return `ck_test_${file.replace(/[^a-z0-9]/g, '_')}_${randomUUID().slice(0, 8)}`;
}

/** A file's (or describe block's) pool and schemas; every schema handed out is dropped afterAll. */
export interface PgTestSpace {
  pool: () => pg.Pool;
  /** A fresh, migrated schema and the adapters on it (with `clock`, when given). */
  schema: (options?: { clock?: Clock }) => Promise<{ schema: string; adapters: PostgresAdapters }>;
  /** Drops one schema now (a test that made many need not keep them all). */
  drop: (schema: string) => Promise<void>;
}

export function pgTestSpace(file: string): PgTestSpace {
  let pool: pg.Pool | undefined;
  const schemas = new Set<string>();
  const open = (): pg.Pool => (pool ??= openPool());
  const drop = async (schema: string): Promise<void> => {
    schemas.delete(schema);
    await open().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  };
  afterAll(async () => {
    for (const schema of [...schemas]) await drop(schema);
    await pool?.end();
  });
  return {
    pool: open,
    schema: async (options = {}) => {
      const schema = testSchema(file);
      schemas.add(schema);
      await migrate(open(), { schema });
      return { schema, adapters: postgresAdapters({ pool: open(), schema, ...options }) };
    },
    drop,
  };
}

/** A conformance-suite factory on PostgreSQL: a fresh migrated schema per test, dropped after it. */
export function pgFactory<S>(file: string, skip: string | undefined, pick: (adapters: PostgresAdapters, deps: Parameters<StoreFactory<S>['make']>[0]) => S): StoreFactory<S> {
  const space = pgTestSpace(file);
  return {
    name: 'postgres',
    skip,
    make: async (deps) => {
      const { schema, adapters } = await space.schema({ clock: deps.clock });
      return { store: pick(adapters, deps), dispose: () => space.drop(schema) };
    },
  };
}
