/**
 * The few driver calls the PostgreSQL adapters make, shaped after node-postgres (`pg`), so a
 * `pg.Pool` fits as is and nothing else here imports the driver. The host owns the pool:
 * its size, its connection settings and closing it.
 */
export interface PgQueryResult<R> {
  /** The rows, columns by name. */
  rows: R[];
  /** Rows inserted, updated, deleted or selected. */
  rowCount: number | null;
}

/** Anything that runs one parameterized statement: a pool or a checked-out connection. */
export interface PgQueryable {
  /** Runs `text` with `$1..$n` bound to `values`. */
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<PgQueryResult<R>>;
}

/** A connection checked out of the pool, for one transaction. */
export interface PgConnection extends PgQueryable {
  /** Gives the connection back; with an error, the pool drops it instead of reusing it. */
  release(error?: Error | boolean): void;
}

/** What `postgresAdapters({ pool })` and `migrate(pool)` take: a `pg.Pool` or the same shape. */
export interface PgPool extends PgQueryable {
  /** Checks a connection out; the adapters release it after each transaction. */
  connect(): Promise<PgConnection>;
}

/** A schema name as a quoted SQL identifier (the name is checked, not escaped). */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new TypeError(`postgres: schema must be a lower-case SQL identifier (a-z, 0-9, _), got ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}
