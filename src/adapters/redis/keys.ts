/**
 * Key layout. Every key starts with the host's prefix; the part in braces is the Redis
 * Cluster hash tag, and every key one script touches carries the same tag, so each atomic
 * step lands on one slot. See docs/redis.md for the full layout.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {
    if (prefix.includes('{') || prefix.includes('}')) throw new TypeError('redisAdapters: prefix must not contain { or }');
  }

  /** `prefix` + `kind:{tag}` + `:rest...` */
  key(kind: string, tag: string, ...rest: string[]): string {
    let key = `${this.prefix}${kind}:{${tag}}`;
    for (const part of rest) key += `:${part}`;
    return key;
  }
}

/**
 * A stable small shard number for an id (FNV-1a). Indexes that a script must update
 * together with the thing they index (e.g. the cart expiry index) are split into shards
 * that share the thing's hash tag; sweeps walk every shard.
 */
export function shardOf(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}
