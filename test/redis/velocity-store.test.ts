import { afterEach, describe, it } from 'vitest';
import { velocityStoreConformance } from '../../src/testing/index.js';
import { CLIENT_KINDS, redisFactory, redisSkipReason } from './harness.js';

const skip = await redisSkipReason('VelocityStore');
for (const kind of CLIENT_KINDS) {
  velocityStoreConformance(redisFactory('velocity', kind, skip, (a) => a.velocity), { describe, it, afterEach });
}
