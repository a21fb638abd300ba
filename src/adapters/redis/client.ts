/**
 * The two calls the Redis adapters make. Every atomic step is a Lua script, so nothing
 * else is needed: reads are scripts too, which keeps one code path for every client.
 */
export interface RedisScriptClient {
  /** EVALSHA: runs a cached script. Rejects with a `NOSCRIPT` error when it is not cached. */
  evalsha(sha: string, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  /** EVAL: runs (and caches) a script from its source. */
  eval(source: string, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  /**
   * True when every key lives on one server (no cluster, no sharding proxy), so one script
   * may touch keys of different hash slots: the cart store then sends the line edits of all
   * its carts in one call rather than one call per cart shard. Absent means false, the
   * answer that is safe on a cluster.
   */
  readonly singleServer?: boolean;
}

/** The shape of a node-redis (v4, v5, v6) client or cluster; only a cluster has `masters`. */
interface NodeRedisLike {
  masters?: unknown;
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(source: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** The shape of an ioredis client or cluster; `isCluster` tells them apart. */
interface IoRedisLike {
  isCluster?: boolean;
  sendCommand(...args: never[]): unknown;
  evalsha(sha: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  eval(source: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
}

/** Anything `redisAdapters({ client })` accepts: a connected node-redis or ioredis client (or cluster). */
export type RedisClientInput = NodeRedisLike | IoRedisLike | RedisScriptClient;

function isNodeRedis(client: object): client is NodeRedisLike {
  return typeof (client as Partial<NodeRedisLike>).evalSha === 'function';
}

/** ioredis and a plain RedisScriptClient both have `evalsha`; only ioredis has `sendCommand`. */
function isIoRedis(client: object): client is IoRedisLike {
  const candidate = client as Partial<IoRedisLike>;
  return typeof candidate.evalsha === 'function' && typeof candidate.sendCommand === 'function';
}

/**
 * Wraps the host's client. The host keeps ownership: connecting, reconnecting and
 * closing are its business; the adapters never create a connection.
 *
 * `singleServer` is read from the client (false for a node-redis or ioredis cluster client,
 * true for their single-server clients, as given for a plain script client) unless the host
 * says otherwise: a single-server client talking to a sharding proxy must pass false.
 */
export function toScriptClient(client: RedisClientInput, singleServer?: boolean): RedisScriptClient {
  if (isNodeRedis(client)) {
    return {
      evalsha: (sha, keys, args) => client.evalSha(sha, { keys: keys as string[], arguments: args as string[] }),
      eval: (source, keys, args) => client.eval(source, { keys: keys as string[], arguments: args as string[] }),
      singleServer: singleServer ?? !('masters' in client),
    };
  }
  if (isIoRedis(client)) {
    return {
      evalsha: (sha, keys, args) => client.evalsha(sha, keys.length, ...keys, ...args),
      eval: (source, keys, args) => client.eval(source, keys.length, ...keys, ...args),
      singleServer: singleServer ?? client.isCluster !== true,
    };
  }
  const candidate = client as Partial<RedisScriptClient>;
  if (typeof candidate.evalsha === 'function' && typeof candidate.eval === 'function') {
    if (singleServer === undefined) return client;
    return { evalsha: (sha, keys, args) => client.evalsha(sha, keys, args), eval: (source, keys, args) => client.eval(source, keys, args), singleServer };
  }
  throw new TypeError('redisAdapters: client must be a node-redis or ioredis client (or implement evalsha/eval)');
}
