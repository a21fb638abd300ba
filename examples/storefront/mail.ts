// The storefront's durable subscriber: one group, 'storefront-mail', that "sends" an order
// confirmation per placed order. It reads the stores' event log (docs/events.md), so an order
// placed on any instance is confirmed once across all of them, and a send that keeps failing
// is dead-lettered for the admin page to list and replay.
import type { Commerce, DomainEvent, EventRelay, SubscribeOptions } from '../../src/index.js';

export const MAIL_GROUP = 'storefront-mail';

export interface Confirmation {
  orderId: string;
  orderNumber: string;
  email: string;
  /** The durable event's id: a redelivery of the same event is not a second mail. */
  eventId: string;
  at: number;
}

/** Sends one confirmation; a throw is retried, then dead-lettered. A real host calls its mail provider here. */
export type SendConfirmation = (confirmation: Confirmation) => Promise<void> | void;

export interface Mailroom {
  relay: EventRelay;
  /** Confirmations this instance sent, by order id. */
  sent: Map<string, Confirmation>;
}

export async function openMailroom(shop: Commerce, send: SendConfirmation = () => undefined, options: SubscribeOptions = {}): Promise<Mailroom> {
  const sent = new Map<string, Confirmation>();
  const relay = await shop.subscribe(
    MAIL_GROUP,
    {
      'order.placed': async (event: DomainEvent) => {
        const payload = event.payload as { orderId: string; orderNumber: string; email: string };
        if (sent.get(payload.orderId)?.eventId === event.id) return;
        const confirmation = { orderId: payload.orderId, orderNumber: payload.orderNumber, email: payload.email, eventId: event.id, at: event.time };
        await send(confirmation);
        sent.set(confirmation.orderId, confirmation);
      },
    },
    options,
  );
  return { relay, sent };
}
