import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export interface HealthOptions {
  /** Throws when the database cannot be reached. */
  pingDatabase: () => Promise<void>;
  /** Further named checks from the composition root (broker connected, gateway running …). */
  readiness?: () => Promise<Record<string, boolean>>;
}

const Checks = Type.Record(Type.String(), Type.Boolean());

/**
 * Liveness says the process answers; readiness says it can do its job (database reachable and every
 * check the composition root adds), so a load balancer only sends traffic to ready instances.
 */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthOptions> = async (app, opts) => {
  app.get(
    '/health/live',
    {
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'The database is reachable and every readiness check passes (503 otherwise)',
        response: {
          200: Type.Object({ status: Type.Literal('ready'), checks: Checks }),
          503: Type.Object({ status: Type.Literal('not_ready'), checks: Checks }),
        },
      },
    },
    async (request, reply) => {
      const checks: Record<string, boolean> = {};
      try {
        await opts.pingDatabase();
        checks.database = true;
      } catch (err) {
        request.log.warn({ err }, 'readiness: database unreachable');
        checks.database = false;
      }
      if (opts.readiness) {
        try {
          Object.assign(checks, await opts.readiness());
        } catch (err) {
          request.log.warn({ err }, 'readiness check failed');
          checks.readiness = false;
        }
      }
      const ready = Object.values(checks).every(Boolean);
      if (!ready) return reply.status(503).send({ status: 'not_ready' as const, checks });
      return { status: 'ready' as const, checks };
    },
  );
};
