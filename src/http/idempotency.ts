import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  IDEMPOTENCY_HEADER,
  ReplayedError,
  idempotencyKeyInvalid,
  idempotencyKeyRequired,
  requestHash,
  type IdempotencyStore,
  type IdempotentResponse,
} from '../kernel/idempotency/index.js';

export interface IdempotentOptions {
  store: IdempotencyStore;
  /** Whose key space this is, e.g. `POST /v1/rentals:${riderId}`: a key is only meaningful per caller. */
  scope: string;
  /** Refuse requests without the header (400 IDEMPOTENCY_KEY_REQUIRED); otherwise they just run. */
  required?: boolean;
}

/** Set on a response that repeats the stored response of an earlier request with the same key. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

// Printable ASCII, as Stripe allows: a key ends up in logs and in a unique index.
const KEY = /^[\x20-\x7e]{1,255}$/;

/** The request's Idempotency-Key, undefined when absent; 400 when present but malformed. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers[IDEMPOTENCY_HEADER.toLowerCase()];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !KEY.test(raw)) throw idempotencyKeyInvalid();
  return raw;
}

/**
 * Runs a create/charge handler under the request's Idempotency-Key and sends its response: the first
 * request with a key runs `fn`; a retry of the same request (method, route, params, query and body,
 * compared canonically) gets the first response again, byte for byte, with `Idempotent-Replayed: true`;
 * the same key on a different request gets 422 IDEMPOTENCY_KEY_REUSED. A stored 4xx problem is
 * replayed as the same problem. Call it from inside the route handler and return what it returns.
 */
export async function idempotent(
  request: FastifyRequest,
  reply: FastifyReply,
  options: IdempotentOptions,
  fn: () => Promise<IdempotentResponse>,
): Promise<FastifyReply> {
  const key = idempotencyKeyOf(request);
  if (key === undefined) {
    if (options.required) throw idempotencyKeyRequired();
    const response = await fn();
    return reply.status(response.status).send(response.body);
  }
  // Params and query are part of the request too: the same key and body on another rental's URL is a different request.
  const hash = requestHash(request.method, request.routeOptions.url ?? request.url, {
    params: request.params ?? {},
    query: request.query ?? {},
    body: request.body ?? null,
  });
  try {
    const outcome = await options.store.execute(options.scope, key, hash, fn);
    if (outcome.replayed) reply.header(REPLAYED_HEADER, 'true');
    return reply.status(outcome.status).send(outcome.body);
  } catch (err) {
    if (err instanceof ReplayedError) reply.header(REPLAYED_HEADER, 'true');
    throw err;
  }
}
