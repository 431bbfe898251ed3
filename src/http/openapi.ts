import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The OpenAPI document is generated from the route schemas (never written by hand): served as JSON
 * at /openapi.json and browsable at /docs. Must be registered before the routes it describes.
 */
export async function registerOpenApi(app: FastifyInstance, publicUrl?: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'chargenet API',
        description:
          'The shared phone-charging network: riders, availability, pricing, rentals, payments, operations ' +
          'endpoints and the GBFS feed. ' +
          'Errors are RFC 9457 application/problem+json with a stable `code`.',
        version: '1.0.0',
      },
      ...(publicUrl ? { servers: [{ url: publicUrl }] } : {}),
      tags: [
        {
          name: 'riders',
          description: 'Sign-in with a one-time code, tokens, profile, data export, deletion',
        },
        { name: 'availability', description: 'Stations near you, station detail, live changes' },
        { name: 'pricing', description: 'What a rental costs at a station' },
        { name: 'rentals', description: 'Rent a power bank, follow it, history' },
        { name: 'payments', description: 'Saved cards, payments, receipts' },
        { name: 'ops', description: 'Operations: needs Authorization: Bearer <ADMIN_TOKEN>' },
        { name: 'gbfs', description: 'Open data feed in the shape of GBFS 2.3' },
        { name: 'health', description: 'Liveness and readiness probes' },
      ],
      components: {
        securitySchemes: {
          adminToken: { type: 'http', scheme: 'bearer', description: 'The ADMIN_TOKEN of the deployment' },
          riderToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'A rider access token from POST /v1/auth/tokens (or /v1/auth/refresh)',
          },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
