import { afterEach, describe, it } from 'vitest';
import { MemoryEventLog, MemoryOrderStore } from '../../src/index.js';
import { eventLogConformance } from '../../src/testing/index.js';

eventLogConformance(
  {
    name: 'memory',
    make: ({ clock }) => {
      const log = new MemoryEventLog({ clock });
      return { store: { log, orders: new MemoryOrderStore({ events: log }) } };
    },
  },
  { describe, it, afterEach },
);
