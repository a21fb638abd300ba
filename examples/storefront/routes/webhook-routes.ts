// Payment provider webhooks. The signature is over the exact bytes sent, so these routes read
// the body as a string (a JSON parser's re-serialised object would not verify). The library
// tries each configured gateway's check and applies the event once per event id.
import type { FastifyInstance } from 'fastify';
import type { Storefront } from '../context.js';

export function webhookRoutes(app: FastifyInstance, sf: Storefront): void {
  // Registered in its own plugin scope: only here does a JSON body stay a raw string.
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 1_048_576 }, (_request, body, parsed) => parsed(null, body));
    for (const provider of ['stripe', 'paypal']) {
      scope.post(`/webhooks/${provider}`, async (request) => {
        const outcome = await sf.shop.payments.handleWebhook(typeof request.body === 'string' ? request.body : '', request.headers);
        return { received: true, outcome };
      });
    }
    done();
  });
}
