// Shared setup for every Redis test file: one client of each kind per file, a fresh key
// prefix per test, and cleanup of exactly that prefix's keys (never FLUSHALL).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll } from 'vitest';
import { redisAdapters, type RedisAdapters, type RedisClientInput } from '../../src/adapters/redis/index.js';
import type { StoreFactory } from '../../src/testing/index.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const CLIENT_KINDS = ['node-redis', 'ioredis'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

/** The small surface the tests use on either client, besides the adapters' own. */
export interface RawRedis {
  client: RedisClientInput;
  scanDelete(pattern: string): Promise<number>;
  keys(pattern: string): Promise<string[]>;
  close(): Promise<void>;
}

async function ping(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * Whether Redis suites run. Outside CI a missing Redis skips them, loudly; under CI=true it
 * is a failure, since CI must exercise them.
 */
export async function redisSkipReason(suite: string): Promise<string | undefined> {
  if (await ping(REDIS_URL)) return undefined;
  if (process.env.CI) throw new Error(`CI is set but Redis does not answer at ${REDIS_URL}: the ${suite} suites must run in CI`);
  const reason = `no Redis answers at ${REDIS_URL} (set REDIS_URL or start redis-server)`;
  console.warn(`\n!!! SKIPPING Redis suites "${suite}": ${reason}\n`);
  return reason;
}

export async function connect(kind: ClientKind, url = REDIS_URL): Promise<RawRedis> {
  if (kind === 'ioredis') {
    const client = new Redis(url, { maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    const scan = (pattern: string) => (cursor: string) => client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    return {
      client,
      keys: (pattern) => scanAll(scan(pattern)),
      scanDelete: async (pattern) => deleteAll(await scanAll(scan(pattern)), (keys) => client.del(...keys)),
      close: async () => void (await client.quit()),
    };
  }
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  const scan = (pattern: string) => async (cursor: string): Promise<[string, string[]]> => {
    const reply = await client.scan(cursor, { MATCH: pattern, COUNT: 1000 });
    return [String(reply.cursor), reply.keys.map(String)];
  };
  return {
    client,
    keys: (pattern) => scanAll(scan(pattern)),
    scanDelete: async (pattern) => deleteAll(await scanAll(scan(pattern)), (keys) => client.del(keys)),
    close: async () => void (await client.quit()),
  };
}

async function scanAll(step: (cursor: string) => Promise<[string, string[]]>): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await step(cursor);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

async function deleteAll(keys: string[], del: (keys: string[]) => Promise<number>): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < keys.length; i += 500) deleted += await del(keys.slice(i, i + 500));
  return deleted;
}

export function testPrefix(file: string): string {
  return `ck-test:${file}:${randomUUID().slice(0, 8)}:`;
}

/**
 * A conformance-suite factory on Redis: a client of `kind` opened once for the file, a
 * fresh prefix per test whose keys are deleted afterwards.
 */
export function redisFactory<S>(file: string, kind: ClientKind, skip: string | undefined, pick: (adapters: RedisAdapters) => S): StoreFactory<S> {
  let raw: Promise<RawRedis> | undefined;
  afterAll(async () => {
    if (raw) await (await raw).close();
  });
  return {
    name: `redis (${kind})`,
    skip,
    make: async ({ clock }) => {
      raw ??= connect(kind);
      const redis = await raw;
      const prefix = testPrefix(file);
      return { store: pick(redisAdapters({ client: redis.client, prefix, clock })), dispose: async () => void (await redis.scanDelete(`${prefix}*`)) };
    },
  };
}

/** A test file's (or describe block's) own key prefixes and Redis connections. */
export interface RedisTestSpace {
  /** A fresh key prefix, its keys deleted after all the tests of the scope. */
  prefix: () => string;
  /** The scope's connection of `kind`, opened on first use and shared afterwards. */
  open: (kind: ClientKind) => Promise<RawRedis>;
  /** A new connection of `kind`, not shared, closed after all the tests of the scope. */
  openNew: (kind: ClientKind) => Promise<RawRedis>;
}

/**
 * Registers (in the calling file or describe block) an afterAll that deletes the keys of
 * exactly the prefixes handed out here and closes the connections opened here; never FLUSHALL.
 */
export function redisTestSpace(file: string): RedisTestSpace {
  const prefixes: string[] = [];
  const opened: RawRedis[] = [];
  const shared = new Map<ClientKind, Promise<RawRedis>>();
  afterAll(async () => {
    if (prefixes.length > 0) {
      // Any connection sees every key; with none opened here, one just for the cleanup.
      const cleaner = opened[0] ?? (await connect('ioredis'));
      for (const p of prefixes) await cleaner.scanDelete(`${p}*`);
      if (opened.length === 0) await cleaner.close();
    }
    for (const raw of opened) await raw.close();
  });
  const openNew = async (kind: ClientKind): Promise<RawRedis> => {
    const raw = await connect(kind);
    opened.push(raw);
    return raw;
  };
  return {
    prefix: () => {
      const p = testPrefix(file);
      prefixes.push(p);
      return p;
    },
    open: (kind) => {
      let raw = shared.get(kind);
      if (!raw) {
        raw = openNew(kind);
        shared.set(kind, raw);
      }
      return raw;
    },
    openNew,
  };
}
