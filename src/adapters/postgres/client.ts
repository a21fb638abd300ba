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
  /**
   * Where a connection that breaks while checked out reports it (pg's Client is an
   * EventEmitter). The adapters listen to every connection they use: unheard, node-postgres
   * would throw that error out of the process; heard, the call in flight fails and is resent.
   */
  on?(event: 'error', listener: (error: Error) => void): unknown;
}

/** What `postgresAdapters({ pool })` and `migrate(pool)` take: a `pg.Pool` or the same shape. */
export interface PgPool extends PgQueryable {
  /** Checks a connection out; the adapters release it after each transaction. */
  connect(): Promise<PgConnection>;
  /** pg.Pool's `connect` event (a new connection): the adapters listen to its errors from then on. */
  on?(event: 'connect', listener: (connection: PgConnection) => void): unknown;
}

/** A schema name as a quoted SQL identifier (the name is checked, not escaped). */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new TypeError(`postgres: schema must be a lower-case SQL identifier (a-z, 0-9, _), got ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}
