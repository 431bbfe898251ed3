import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { RiderPrincipal } from './identity.contract.js';
import { riderRequired } from './identity.errors.js';
import type { IdentityModule } from './identity.module.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by riderAuth on routes that need a signed-in rider */
    rider?: RiderPrincipal;
  }
}

const CHALLENGE = 'Bearer realm="chargenet"';

/**
 * An onRequest hook for rider routes (so a missing or bad token is a 401 before the body is even
 * read, and the error handler knows the rider's language): verifies `Authorization: Bearer <access token>`, loads the rider
 * (existing, not erased) and sets `request.rider`. A 401 carries a WWW-Authenticate challenge
 * (RFC 6750), with `error="invalid_token"` when a token was presented but refused.
 */
export function riderAuth(identity: Pick<IdentityModule, 'authenticate'>): onRequestAsyncHookHandler {
  return async (request, reply) => {
    const header = request.headers.authorization;
    try {
      request.rider = await identity.authenticate(header);
    } catch (err) {
      reply.header('www-authenticate', header ? `${CHALLENGE}, error="invalid_token"` : CHALLENGE);
      throw err;
    }
  };
}

/** The signed-in rider of a request that passed riderAuth; a 401 AUTH_RIDER_REQUIRED otherwise. */
export function requireRider(request: FastifyRequest): RiderPrincipal {
  if (!request.rider) throw riderRequired();
  return request.rider;
}
