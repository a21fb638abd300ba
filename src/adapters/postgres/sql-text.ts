import type { PgQueryResult } from './client.js';

/**
 * `text` as an SQL string constant, dollar-quoted with a tag the text does not contain, for
 * the few statements sent as one simple query (which takes no parameters). Dollar quoting
 * reads every character as itself, whatever standard_conforming_strings says.
 */
export function literal(text: string): string {
  let tag = '$ck$';
  for (let n = 0; text.includes(tag); n++) tag = `$ck${n}$`;
  return `${tag}${text}${tag}`;
}

/** The results of a simple query, one per statement: node-postgres answers a bare result when there was one. */
export function results(result: PgQueryResult<unknown> | PgQueryResult<unknown>[]): PgQueryResult<unknown>[] {
  return Array.isArray(result) ? result : [result];
}

/** The result of the last statement of a simple query. */
export function lastResult(result: PgQueryResult<unknown> | PgQueryResult<unknown>[]): PgQueryResult<unknown> {
  const all = results(result);
  return all[all.length - 1] as PgQueryResult<unknown>;
}
