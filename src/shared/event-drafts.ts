import type { EventDraft } from '../ports/event-log.js';
import { CommerceError } from './errors.js';

/**
 * Checks the events a store step is asked to record, before it writes anything: each must
 * report the thing the step changes (its partition is that thing's), with a payload JSON can
 * carry (handlers receive it parsed back from JSON). A store step calls it first; a refusal writes nothing.
 */
export function assertEventsOf(aggregateId: string, events: readonly EventDraft[] | undefined, step: string): void {
  for (const event of events ?? []) {
    if (event.aggregateId !== aggregateId) {
      throw new CommerceError('VALIDATION_FAILED', { step, reason: `an event of ${step} must report '${aggregateId}', not '${event.aggregateId}'` });
    }
    if (typeof event.type !== 'string' || event.type.length === 0 || !Number.isSafeInteger(event.time) || !Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
      throw new CommerceError('VALIDATION_FAILED', { step, reason: 'an event needs a type, an integer time and a schema version of at least 1' });
    }
    let text: string | undefined;
    try {
      text = JSON.stringify(event.payload);
    } catch {
      text = undefined;
    }
    // Stored as JSON text and handed to handlers parsed: what does not survive that is refused.
    if (text === undefined) {
      throw new CommerceError('VALIDATION_FAILED', { step, reason: `the payload of '${event.type}' is not JSON-safe` });
    }
  }
}
