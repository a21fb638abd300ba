import { afterEach, describe, it } from 'vitest';
import { interactionStoreConformance, modelSnapshotStoreConformance } from '../../src/testing/index.js';
import { CLIENT_KINDS, redisFactory, redisSkipReason } from './harness.js';

const skip = await redisSkipReason('InteractionStore / ModelSnapshotStore');
for (const kind of CLIENT_KINDS) {
  interactionStoreConformance(redisFactory('interactions', kind, skip, (a) => a.interactions), { describe, it, afterEach });
  modelSnapshotStoreConformance(redisFactory('model-snapshots', kind, skip, (a) => a.modelSnapshots), { describe, it, afterEach });
}
