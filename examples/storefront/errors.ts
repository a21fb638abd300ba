// Every error the storefront answers, in one place: a CommerceError becomes the library's
// status and problem details (JSON for the API, a short page for a browser); Fastify's own
// client errors (a body that is not JSON, too large) become VALIDATION_FAILED.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CommerceError, httpStatusOf, problemDetails, type ProblemDetails } from '../../src/index.js';
import { errorPage } from './pages/layout.js';

function asCommerceError(error: unknown): unknown {
  if (error instanceof CommerceError) return error;
  const status = (error as Partial<FastifyError>).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new CommerceError('VALIDATION_FAILED', { reason: (error as Error).message });
  }
  return error;
}

function wantsHtml(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/') && !request.url.startsWith('/webhooks/') && !request.url.startsWith('/test-gateway/');
}

export function send(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const mapped = asCommerceError(error);
  const body: ProblemDetails = problemDetails(mapped, { instance: request.url });
  if (body.status >= 500) request.log.error({ err: error }, 'request failed');
  reply.code(httpStatusOf(mapped));
  if (wantsHtml(request)) return reply.type('text/html; charset=utf-8').send(errorPage(body));
  return reply.type('application/problem+json').send(body);
}

export function registerErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => send(request, reply, error));
  app.setNotFoundHandler((request, reply) => send(request, reply, new CommerceError('NOT_FOUND', { reason: `no route ${request.method} ${request.url.split('?')[0]}` })));
}
