import { afterEach, describe, it } from 'vitest';
import { paymentStoreConformance } from '../../src/testing/index.js';
import { pgFactory, pgSkipReason } from './harness.js';

const skip = await pgSkipReason('PaymentStore');
paymentStoreConformance(pgFactory('payment', skip, (a) => a.payments), { describe, it, afterEach });
