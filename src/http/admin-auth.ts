import type { onRequestAsyncHookHandler } from 'fastify';
import { AppError } from '../kernel/errors.js';
import { hashSecret, verifySecret } from '../kernel/secrets.js';

/** Who an admin-token request acts as, recorded on the commands it sends. */
export const ADMIN_ACTOR = 'ops:admin';

/**
 * The ops API's credential until staff accounts exist: `Authorization: Bearer <ADMIN_TOKEN>`. The
 * token is hashed once at boot and compared in constant time; it is never logged (the logger redacts
 * the Authorization header). Without a configured token the ops API is switched off, not open.
 */
export function adminAuth(adminToken: string | undefined): onRequestAsyncHookHandler {
  const stored = adminToken ? hashSecret(adminToken) : undefined;
  return async (request, reply) => {
    if (!stored) throw new AppError('OPS_DISABLED', 'No ADMIN_TOKEN is configured', 503);
    const header = request.headers.authorization;
    reply.header('www-authenticate', 'Bearer realm="chargenet-ops"');
    if (!header) {
      throw new AppError('AUTH_REQUIRED', 'This endpoint needs Authorization: Bearer <admin token>', 401);
    }
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match || !verifySecret(match[1]!, stored)) {
      throw new AppError('AUTH_INVALID', 'The admin token is not valid', 401);
    }
    reply.removeHeader('www-authenticate');
  };
}
