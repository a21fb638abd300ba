import { describe, expect, it } from 'vitest';
import { RedisKeys, shardOf } from '../../src/adapters/redis/keys.js';
import { toScriptClient } from '../../src/adapters/redis/client.js';

describe('toScriptClient', () => {
  it('speaks node-redis: evalSha with keys and arguments', async () => {
    const calls: unknown[] = [];
    const client = toScriptClient({
      evalSha: (sha: string, o: { keys: string[]; arguments: string[] }) => (calls.push(['evalSha', sha, o]), Promise.resolve('1')),
      eval: (src: string, o: { keys: string[]; arguments: string[] }) => (calls.push(['eval', src, o]), Promise.resolve('2')),
    });
    await client.evalsha('abc', ['k1', 'k2'], ['a']);
    await client.eval('return 1', ['k1'], []);
    expect(calls).toEqual([
      ['evalSha', 'abc', { keys: ['k1', 'k2'], arguments: ['a'] }],
      ['eval', 'return 1', { keys: ['k1'], arguments: [] }],
    ]);
  });

  it('speaks ioredis: evalsha with a key count and flat arguments', async () => {
    const calls: unknown[] = [];
    const client = toScriptClient({
      sendCommand: () => undefined,
      evalsha: (...a: string[]) => (calls.push(a), Promise.resolve(null)),
      eval: (...a: string[]) => (calls.push(a), Promise.resolve(null)),
    } as never);
    await client.evalsha('abc', ['k1', 'k2'], ['a']);
    expect(calls).toEqual([['abc', 2, 'k1', 'k2', 'a']]);
  });

  it('passes a plain script client through and refuses anything else', () => {
    const plain = { evalsha: () => Promise.resolve(null), eval: () => Promise.resolve(null) };
    expect(toScriptClient(plain)).toBe(plain);
    expect(toScriptClient(plain).singleServer).toBeUndefined();
    expect(() => toScriptClient({} as never)).toThrow(TypeError);
  });

  it('tells a single server from a cluster (node-redis: masters; ioredis: isCluster), unless told', () => {
    const call = () => Promise.resolve(null);
    const nodeRedis = { evalSha: call, eval: call };
    const nodeRedisCluster = { ...nodeRedis, masters: [] };
    const ioredis = { sendCommand: () => undefined, evalsha: call, eval: call, isCluster: false };
    const ioredisCluster = { ...ioredis, isCluster: true };
    expect([nodeRedis, nodeRedisCluster, ioredis, ioredisCluster].map((c) => toScriptClient(c as never).singleServer)).toEqual([true, false, true, false]);
    // A host behind a sharding proxy says so; a plain client can be declared single-server.
    expect(toScriptClient(nodeRedis as never, false).singleServer).toBe(false);
    expect(toScriptClient({ evalsha: call, eval: call }, true).singleServer).toBe(true);
  });
});

describe('RedisKeys', () => {
  it('puts the tag in braces after the prefix and refuses braces in the prefix', () => {
    expect(new RedisKeys('shop:').key('cart', 's3', 'c1', 'lines')).toBe('shop:cart:{s3}:c1:lines');
    expect(() => new RedisKeys('a{b}')).toThrow(TypeError);
  });

  it('spreads ids over shards stably', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 16_000; i++) counts[shardOf(`cart_${i}`, 16)]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(shardOf('cart_1', 16)).toBe(shardOf('cart_1', 16));
  });
});
