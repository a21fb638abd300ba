import { afterAll, afterEach, describe, it } from 'vitest';
import { RedisInteractionStore } from '../../src/adapters/redis/interaction-store.js';
import { RedisKeys } from '../../src/adapters/redis/keys.js';
import { RedisSteps } from '../../src/adapters/redis/steps.js';
import { toScriptClient } from '../../src/adapters/redis/client.js';
import type { InteractionStore } from '../../src/ports/interaction-store.js';
import { interactionStoreConformance, modelSnapshotStoreConformance, type StoreFactory } from '../../src/testing/index.js';
import { CLIENT_KINDS, connect, redisFactory, redisSkipReason, testPrefix, type RawRedis } from './harness.js';

const skip = await redisSkipReason('InteractionStore / ModelSnapshotStore');
for (const kind of CLIENT_KINDS) {
  interactionStoreConformance(redisFactory('interactions', kind, skip, (a) => a.interactions), { describe, it, afterEach });
  modelSnapshotStoreConformance(redisFactory('model-snapshots', kind, skip, (a) => a.modelSnapshots), { describe, it, afterEach });
}

/** Reads in pages of 3, so pages end inside runs of equal times (the suite has such ties). */
function smallPages(kind: (typeof CLIENT_KINDS)[number]): StoreFactory<InteractionStore> {
  let raw: Promise<RawRedis> | undefined;
  afterAll(async () => {
    if (raw) await (await raw).close();
  });
  return {
    name: `redis (${kind}), pages of 3`,
    skip,
    make: async () => {
      raw ??= connect(kind);
      const redis = await raw;
      const prefix = testPrefix('interactions-paged');
      return { store: new RedisInteractionStore(new RedisSteps(toScriptClient(redis.client), new RedisKeys(prefix)), 3), dispose: async () => void (await redis.scanDelete(`${prefix}*`)) };
    },
  };
}
for (const kind of CLIENT_KINDS) interactionStoreConformance(smallPages(kind), { describe, it, afterEach });
