import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '../../ports/id-generator.js';

/** Random UUIDs (v4) with the kind as a prefix: `cart_3b2f...`. */
export const randomIds: IdGenerator = {
  next: (kind) => `${kind}_${randomUUID()}`,
};
