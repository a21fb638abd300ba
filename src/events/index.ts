export { EventRelay, type ReplayReport } from './event-relay.js';
export type { EventHandler, EventHandlers, EventRelayOptions, RelayFailure, SubscribeOptions } from './relay-options.js';
