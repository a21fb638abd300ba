import { afterEach, describe, it } from 'vitest';
import { idempotencyStoreConformance } from '../../src/testing/index.js';
import { CLIENT_KINDS, redisFactory, redisSkipReason } from './harness.js';

const skip = await redisSkipReason('IdempotencyStore');
for (const kind of CLIENT_KINDS) {
  idempotencyStoreConformance(redisFactory('idempotency', kind, skip, (a) => a.idempotency), { describe, it, afterEach });
}
