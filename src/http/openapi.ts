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
          'Availability of the shared phone-charging network, operations endpoints and the GBFS feed. ' +
          'Errors are RFC 9457 application/problem+json with a stable `code`.',
        version: '1.0.0',
      },
      ...(publicUrl ? { servers: [{ url: publicUrl }] } : {}),
      tags: [
        { name: 'availability', description: 'Stations near you, station detail, live changes' },
        { name: 'ops', description: 'Operations: needs Authorization: Bearer <ADMIN_TOKEN>' },
        { name: 'gbfs', description: 'Open data feed in the shape of GBFS 2.3' },
        { name: 'health', description: 'Liveness and readiness probes' },
      ],
      components: {
        securitySchemes: {
          adminToken: { type: 'http', scheme: 'bearer', description: 'The ADMIN_TOKEN of the deployment' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
