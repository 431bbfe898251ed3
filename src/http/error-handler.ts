import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problem, toProblem, type Problem } from './problem.js';

function send(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.status(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

function instanceOf(request: FastifyRequest): string {
  // The path only: query strings can carry things that do not belong in an error body.
  return request.url.split('?')[0] ?? request.url;
}

/**
 * One error handler for the whole app: every failure leaves as problem+json. Server errors are
 * logged with the request id (pino's request logger carries it) and answered without their message.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const body = toProblem(err, instanceOf(request));
    if (body.status >= 500) request.log.error({ err, code: body.code }, 'request failed');
    else request.log.info({ code: body.code, status: body.status }, body.detail);
    return send(reply, body);
  });

  app.setNotFoundHandler((request, reply) =>
    send(
      reply,
      problem(
        404,
        'NOT_FOUND',
        `No route matches ${request.method} ${instanceOf(request)}`,
        instanceOf(request),
      ),
    ),
  );
}
