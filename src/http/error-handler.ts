import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLocale, type Locale } from '../kernel/i18n/index.js';
import { PROBLEM_CONTENT_TYPE, problem, toProblem, type Problem } from './problem.js';

function send(reply: FastifyReply, body: Problem, locale: Locale): FastifyReply {
  // The body depends on Accept-Language, so caches must key on it too.
  const vary = reply.getHeader('vary');
  return reply
    .status(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .header('content-language', locale)
    .header('vary', vary ? `${String(vary)}, Accept-Language` : 'Accept-Language')
    .send(body);
}

function instanceOf(request: FastifyRequest): string {
  // The path only: query strings can carry things that do not belong in an error body.
  return request.url.split('?')[0] ?? request.url;
}

/** The locale to answer in: Accept-Language, else the signed-in rider's profile language. */
function localeOf(request: FastifyRequest): Locale {
  return negotiateLocale(request.headers['accept-language'], request.rider?.locale);
}

/**
 * One error handler for the whole app: every failure leaves as problem+json, its title and detail in
 * the one negotiated from Accept-Language or else the rider's profile language. Server errors are logged with the request id (pino's
 * request logger carries it) and answered without their message.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const locale = localeOf(request);
    const body = toProblem(err, instanceOf(request), locale);
    if (body.status >= 500) request.log.error({ err, code: body.code }, 'request failed');
    // Logs are for operators: the error's own (English) message, whatever language the client got.
    else
      request.log.info(
        { code: body.code, status: body.status },
        err instanceof Error ? err.message : body.detail,
      );
    return send(reply, body, locale);
  });

  app.setNotFoundHandler((request, reply) => {
    const locale = localeOf(request);
    const path = instanceOf(request);
    const body = problem(404, 'NOT_FOUND', `No route matches ${request.method} ${path}`, path, undefined, {
      locale,
      values: { method: request.method, path },
    });
    return send(reply, body, locale);
  });
}
