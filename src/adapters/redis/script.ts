import { createHash } from 'node:crypto';
import { CommerceError, toCommerceError } from '../../shared/errors.js';
import { ERROR_MESSAGES, type CommerceErrorCode } from '../../shared/error-codes.js';
import type { RedisScriptClient } from './client.js';
import { LUA_SOURCES, type LuaScriptName } from './lua-sources.generated.js';

/**
 * What a script answers: every script returns one JSON string (cjson), so node-redis and
 * ioredis hand back the same thing. `{ "err": CODE, ... }` is a refusal, mapped here and
 * only here to the CommerceError the memory adapter would raise.
 */
interface ScriptRefusal {
  err: string;
  [detail: string]: unknown;
}

function isRefusal(value: unknown): value is ScriptRefusal {
  return typeof value === 'object' && value !== null && typeof (value as { err?: unknown }).err === 'string';
}

function isErrorCode(code: string): code is CommerceErrorCode {
  return Object.hasOwn(ERROR_MESSAGES, code);
}

/** A Lua script called by SHA1; its source is sent only when Redis answers NOSCRIPT. */
export class LuaScript {
  readonly sha: string;
  readonly source: string;

  constructor(readonly name: LuaScriptName) {
    this.source = LUA_SOURCES[name];
    this.sha = createHash('sha1').update(this.source).digest('hex');
  }

  /**
   * Runs the script once; a driver or connection failure becomes STORE_UNAVAILABLE, with the
   * driver's error as its cause (see `answerLost`).
   */
  async run<T>(client: RedisScriptClient, keys: readonly string[], args: readonly (string | number)[]): Promise<T> {
    const argv = args.map(String);
    let raw: unknown;
    try {
      raw = await this.call(client, keys, argv);
    } catch (error) {
      throw unavailable(this.name, error);
    }
    const decoded = decode(this.name, raw);
    if (isRefusal(decoded)) {
      const { err, ...details } = decoded;
      throw isErrorCode(err) ? new CommerceError(err, details) : new CommerceError('INTERNAL', { script: this.name, reason: `unknown script code ${err}` });
    }
    return decoded as T;
  }

  private async call(client: RedisScriptClient, keys: readonly string[], argv: readonly string[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys, argv);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return client.eval(this.source, keys, argv);
    }
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/** Error replies of the two drivers: Redis answered, so the call ran (or was refused) once. */
const REPLY_ERRORS = new Set(['ReplyError', 'ErrorReply', 'SimpleError', 'BlobError']);

/** Replies that say Redis could not run the call now, so it did nothing and may be sent again. */
const TRANSIENT_REPLY = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY)\b/;

/**
 * Whether a call that failed as STORE_UNAVAILABLE may have lost its answer, or never ran, so
 * that sending it again is the way to learn what happened: its cause is anything but an
 * error reply (a dropped connection, a client that gave up), or a reply saying Redis could
 * not run it now.
 */
export function answerLost(error: unknown): boolean {
  if (!(error instanceof CommerceError) || error.code !== 'STORE_UNAVAILABLE') return false;
  const cause = error.cause;
  if (!(cause instanceof Error)) return true;
  return !REPLY_ERRORS.has(cause.constructor.name) || TRANSIENT_REPLY.test(cause.message);
}

function unavailable(script: string, error: unknown): CommerceError {
  const wrapped = toCommerceError(error, 'STORE_UNAVAILABLE');
  return wrapped.code === 'STORE_UNAVAILABLE' ? new CommerceError('STORE_UNAVAILABLE', { script, reason: wrapped.message }, { cause: error }) : wrapped;
}

function decode(script: string, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new CommerceError('INTERNAL', { script, reason: 'script answered with something other than JSON' });
  }
}
