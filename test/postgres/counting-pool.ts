// A pool wrapper that counts the statements the adapters send: each `query` call is one round
// trip (a simple query holding several statements is still one). Shared by bench:postgres and
// the round-trip bound test.
import type pg from 'pg';
import type { PgConnection, PgPool } from '../../src/adapters/postgres/index.js';

export type CountingPool = PgPool & { statements: number };

export function countingPool(pool: pg.Pool): CountingPool {
  // One wrapper per connection, so the adapters listen to each connection once.
  const wrappers = new WeakMap<pg.PoolClient, PgConnection>();
  const counted = {
    statements: 0,
    query: (text: string, values?: unknown[]) => {
      counted.statements += 1;
      return pool.query(text, values);
    },
    connect: async (): Promise<PgConnection> => {
      const conn = await pool.connect();
      const known = wrappers.get(conn);
      if (known) return known;
      const wrapper = {
        query: (text: string, values?: unknown[]) => {
          counted.statements += 1;
          return conn.query(text, values);
        },
        release: (error?: Error | boolean) => conn.release(error),
        on: (event: 'error', listener: (error: Error) => void) => conn.on(event, listener),
      } as PgConnection;
      wrappers.set(conn, wrapper);
      return wrapper;
    },
  };
  return counted as CountingPool;
}
