import { afterEach, describe, it } from 'vitest';
import { MemoryIdempotencyStore } from '../../src/index.js';
import { idempotencyStoreConformance } from '../../src/testing/index.js';

idempotencyStoreConformance({ name: 'memory', make: ({ clock }) => ({ store: new MemoryIdempotencyStore({ clock }) }) }, { describe, it, afterEach });
