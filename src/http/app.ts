import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Clock } from '../kernel/clock.js';
import type { Config } from '../kernel/config.js';
import type { EventBus } from '../kernel/events.js';
import type { Logger } from '../kernel/logger.js';
import {
  fleetRoutes,
  gbfsRoutes,
  opsRoutes,
  type FleetEvents,
  type FleetModule,
  type StationCommands,
} from '../modules/fleet/index.js';
import { ADMIN_ACTOR, adminAuth } from './admin-auth.js';
import { registerErrorHandling } from './error-handler.js';
import { healthRoutes } from './health.routes.js';
import { registerOpenApi } from './openapi.js';
import { registerRiderRoutes } from './rider-routes.js';
import type { RiderModules } from '../app/rider-modules.js';

export interface AppDeps {
  config: Config;
  fleet: FleetModule;
  /** Identity, pricing, payments and rentals; absent in apps built for fleet-only tests. */
  riders?: RiderModules;
  /** The gateway's command sender; absent in a process without the gateway role. */
  commands?: StationCommands;
  bus: EventBus<FleetEvents>;
  clock: Clock;
  logger: Logger;
  /** Extra readiness checks from the composition root, merged into GET /health/ready. */
  readiness?: () => Promise<Record<string, boolean>>;
  /** SSE keep-alive interval; tests shorten it. */
  sseHeartbeatMs?: number;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's x-request-id is kept when it is a plain token (it ends up in logs); otherwise a new one. */
function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Builds the HTTP app: a Fastify instance composed of plugins, not yet listening (the entrypoint
 * listens; tests use app.inject()). Starts the fleet's availability read model and stops it, and
 * ends open SSE streams, when the app closes.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, fleet, clock } = deps;
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; typing it as such keeps plugins on Fastify's default generics.
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: config.HTTP_BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: requestId,
    return503OnClosing: true,
    ajv: {
      // Unknown body fields are rejected (not silently dropped) so a typo is named back to the caller.
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await registerOpenApi(app, config.PUBLIC_URL);

  await fleet.availability.start();
  app.addHook('onClose', () => fleet.availability.stop());

  await app.register(healthRoutes, {
    pingDatabase: () => fleet.availability.ping(),
    ...(deps.readiness ? { readiness: deps.readiness } : {}),
  });
  await app.register(fleetRoutes, {
    prefix: '/v1',
    availability: fleet.availability,
    clock,
    ...(deps.sseHeartbeatMs ? { sseHeartbeatMs: deps.sseHeartbeatMs } : {}),
  });
  await app.register(opsRoutes, {
    prefix: '/v1/ops',
    fleet,
    ...(deps.commands ? { commands: deps.commands } : {}),
    authorize: adminAuth(config.ADMIN_TOKEN),
    actor: ADMIN_ACTOR,
  });
  if (deps.riders)
    await registerRiderRoutes(app as unknown as FastifyInstance, deps.riders, { config, clock });
  await app.register(gbfsRoutes, {
    prefix: '/gbfs',
    availability: fleet.availability,
    ttlSeconds: config.GBFS_TTL_SECONDS,
    ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
  });
  return app as unknown as FastifyInstance;
}
