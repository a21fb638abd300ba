import { afterEach, describe, it } from 'vitest';
import { MemoryInteractionStore } from '../../src/adapters/memory/interaction-store.js';
import { interactionStoreConformance } from '../../src/testing/index.js';

interactionStoreConformance({ name: 'memory', make: () => ({ store: new MemoryInteractionStore() }) }, { describe, it, afterEach });
