import { afterEach, describe, it } from 'vitest';
import { interactionStoreConformance, modelSnapshotStoreConformance } from '../../src/testing/index.js';
import { pgFactory, pgSkipReason } from './harness.js';

const skip = await pgSkipReason('InteractionStore / ModelSnapshotStore');
interactionStoreConformance(pgFactory('interactions', skip, (a) => a.interactions), { describe, it, afterEach });
modelSnapshotStoreConformance(pgFactory('model_snapshots', skip, (a) => a.modelSnapshots), { describe, it, afterEach });
