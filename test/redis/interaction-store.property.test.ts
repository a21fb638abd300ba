// Model-based: any sequence of append/appendMany calls on Redis (read in pages of 2, so pages
// end inside runs of equal times) reads back exactly what the memory adapter reads back.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryInteractionStore } from '../../src/adapters/memory/interaction-store.js';
import { RedisInteractionStore } from '../../src/adapters/redis/interaction-store.js';
import { RedisKeys } from '../../src/adapters/redis/keys.js';
import { RedisSteps } from '../../src/adapters/redis/steps.js';
import { toScriptClient } from '../../src/adapters/redis/client.js';
import type { StoredInteraction } from '../../src/ports/interaction-store.js';
import { CLIENT_KINDS, connect, redisSkipReason, testPrefix, type RawRedis } from './harness.js';

const skip = await redisSkipReason('InteractionStore properties');

const interaction = fc.record(
  {
    userId: fc.constantFrom('u1', 'u2', 'u3'),
    productId: fc.constantFrom('a', 'b', 'c', 'é😀'),
    type: fc.constantFrom('view', 'cart', 'purchase', 'return'),
    weight: fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }),
    // Few distinct times, some fractional or negative, so ties are common.
    at: fc.constantFrom(-5, 0, 1, 1.5, 2, 3, 1e15),
    sessionId: fc.string({ maxLength: 3 }),
    orderId: fc.string({ maxLength: 3 }),
  },
  { requiredKeys: ['userId', 'productId', 'type', 'weight', 'at'] },
);
const calls = fc.array(fc.oneof(interaction.map((i) => [i]), fc.array(interaction, { maxLength: 8 })), { maxLength: 8 });
const bound = fc.option(fc.constantFrom(-5, 0, 0.5, 1.5, 2, 4), { nil: undefined });

// -0 and 0 are the same score to Redis and the same time to the port; JSON keeps them apart.
const normal = (list: StoredInteraction[]) => list.map((i) => ({ ...i, weight: i.weight === 0 ? 0 : i.weight }));

describe.skipIf(skip !== undefined)('RedisInteractionStore matches the memory adapter', () => {
  const opened: RawRedis[] = [];
  afterAll(async () => {
    for (const raw of opened) await raw.close();
  });

  for (const kind of CLIENT_KINDS) {
    it(`any appends read back the same by user and by time range (${kind})`, async () => {
      const redis = await connect(kind);
      opened.push(redis);
      await fc.assert(
        fc.asyncProperty(calls, bound, bound, async (batches, from, to) => {
          const prefix = testPrefix('interactions-property');
          try {
            const store = new RedisInteractionStore(new RedisSteps(toScriptClient(redis.client), new RedisKeys(prefix)), 2);
            const model = new MemoryInteractionStore();
            for (const batch of batches) {
              if (batch.length === 1) await Promise.all([store.append(batch[0]!), model.append(batch[0]!)]);
              else await Promise.all([store.appendMany(batch), model.appendMany(batch)]);
            }
            expect(await store.count()).toBe(await model.count());
            const range = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
            expect(normal(await store.listByTimeRange(range))).toEqual(normal(await model.listByTimeRange(range)));
            for (const user of ['u1', 'u2', 'u3']) expect(normal(await store.listByUser(user))).toEqual(normal(await model.listByUser(user)));
          } finally {
            await redis.scanDelete(`${prefix}*`);
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});
