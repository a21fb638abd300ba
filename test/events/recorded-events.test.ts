import { afterEach, describe, it } from 'vitest';
import { memoryAdapters } from '../../src/index.js';
import { recordedEventsConformance } from '../../src/testing/index.js';

recordedEventsConformance(
  {
    name: 'memory',
    make: ({ clock }) => {
      const set = memoryAdapters({ clock });
      return { store: { log: set.eventLog, payments: set.payments, checkouts: set.checkouts, catalog: set.catalog, inventory: set.inventory } };
    },
  },
  { describe, it, afterEach },
);
