import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isAppError } from '../../kernel/errors.js';
import { problemResponses } from '../../http/problem.js';
import { requireRider, riderAuth } from './identity.auth.js';
import type { IdentityModule } from './identity.module.js';
import {
  CodeAccepted,
  CodeRequestBody,
  ProfilePatchBody,
  RefreshBody,
  RiderExportView,
  RiderView,
  SignInBody,
  SignInView,
  TokenPairView,
} from './identity.schemas.js';

export interface IdentityRoutesOptions {
  identity: IdentityModule;
}

const security = [{ riderToken: [] }];

/**
 * Rider sign-in (one-time codes, token refresh, logout) and the rider's own profile, export and
 * deletion. Register under `/v1`. Every /me route acts on the token's rider only: there is no rider
 * id in any path, so no request can name another rider.
 */
export const identityRoutes: FastifyPluginAsyncTypebox<IdentityRoutesOptions> = async (app, opts) => {
  const { identity } = opts;
  const authenticated = riderAuth(identity);

  app.post(
    '/auth/codes',
    {
      schema: {
        tags: ['riders'],
        summary: 'Send a 6-digit sign-in code to a phone number or e-mail address',
        body: CodeRequestBody,
        response: { 202: CodeAccepted, ...problemResponses(400, 429) },
      },
    },
    async (request, reply) => {
      try {
        const sent = await identity.auth.requestCode(request.body, request.headers['accept-language']);
        return reply.status(202).send(sent);
      } catch (err) {
        if (isAppError(err) && err.code === 'AUTH_CODE_RATE_LIMITED') {
          reply.header('retry-after', String(err.details?.retryAfterSeconds ?? 3600));
        }
        throw err;
      }
    },
  );

  app.post(
    '/auth/tokens',
    {
      schema: {
        tags: ['riders'],
        summary: 'Exchange a code for tokens; the first sign-in of a phone or e-mail creates the rider',
        body: SignInBody,
        response: { 200: SignInView, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const result = await identity.auth.signIn(request.body, request.headers['accept-language']);
      return { ...result, tokenType: 'Bearer' as const };
    },
  );

  app.post(
    '/auth/refresh',
    {
      schema: {
        tags: ['riders'],
        summary: 'Rotate a refresh token: a new pair; presenting a used token again ends the session',
        body: RefreshBody,
        response: { 200: TokenPairView, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const pair = await identity.auth.refresh(request.body.refreshToken);
      return { ...pair, tokenType: 'Bearer' as const };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['riders'],
        summary: "End the refresh token's session (every token rotated from the same sign-in)",
        body: RefreshBody,
        response: { 204: { type: 'null' }, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      await identity.auth.logout(request.body.refreshToken);
      return reply.status(204).send();
    },
  );

  app.get(
    '/me',
    {
      onRequest: authenticated,
      schema: {
        tags: ['riders'],
        security,
        summary: "The signed-in rider's profile",
        response: { 200: RiderView, ...problemResponses(401) },
      },
    },
    async (request) => identity.riders.get(requireRider(request).riderId),
  );

  app.patch(
    '/me',
    {
      onRequest: authenticated,
      schema: {
        tags: ['riders'],
        security,
        summary: 'Change locale, country or currency',
        body: ProfilePatchBody,
        response: { 200: RiderView, ...problemResponses(400, 401) },
      },
    },
    async (request) => identity.riders.updateProfile(requireRider(request).riderId, request.body),
  );

  app.get(
    '/me/export',
    {
      onRequest: authenticated,
      schema: {
        tags: ['riders'],
        security,
        summary: 'Everything the platform holds about the signed-in rider (GDPR art. 15 and 20)',
        response: { 200: RiderExportView, ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      const data = await identity.riders.export(requireRider(request).riderId);
      return reply.header('content-disposition', 'attachment; filename="chargenet-export.json"').send(data);
    },
  );

  app.delete(
    '/me',
    {
      onRequest: authenticated,
      schema: {
        tags: ['riders'],
        security,
        summary:
          'Delete the account (GDPR art. 17); 409 while another module must keep it, e.g. an active rental',
        response: { 204: { type: 'null' }, ...problemResponses(401, 409) },
      },
    },
    async (request, reply) => {
      await identity.riders.erase(requireRider(request).riderId);
      return reply.status(204).send();
    },
  );
};
