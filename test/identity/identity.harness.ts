import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { TestClock } from '../../src/kernel/clock.js';
import type { Database, DialectName } from '../../src/kernel/db/index.js';
import { createLogger } from '../../src/kernel/logger.js';
import { registerErrorHandling } from '../../src/http/error-handler.js';
import swagger from '@fastify/swagger';
import {
  createIdentityModule,
  identityRoutes,
  type IdentityModule,
  type IdentityOptions,
} from '../../src/modules/identity/index.js';
import { freshDatabase } from '../helpers/db.js';

export const TEST_TOKEN_SECRET = 'test-identity-secret-0123456789abcdef';

export interface IdentityHarness {
  database: Database;
  clock: TestClock;
  identity: IdentityModule;
  /** The 6-digit code in the newest dev-outbox message to the destination */
  latestCode(destination: string): Promise<string>;
  drop(): Promise<void>;
}

/** A fresh database of the dialect with identity's tables, and the module over it on a TestClock. */
export async function identityHarness(
  dialect: DialectName,
  options: Partial<IdentityOptions> = {},
): Promise<IdentityHarness> {
  const database = await freshDatabase(dialect);
  const clock = new TestClock('2026-11-23T09:00:00.000Z');
  const identity = createIdentityModule({
    database,
    clock,
    logger: createLogger('silent'),
    options: { tokenSecret: TEST_TOKEN_SECRET, ...options },
  });
  return {
    database,
    clock,
    identity,
    latestCode: async (destination) => {
      const message = await identity.devOutbox.latest(destination);
      const code = /\b(\d{6})\b/.exec(message?.body ?? '')?.[1];
      if (!code) throw new Error(`No code was sent to ${destination}`);
      return code;
    },
    drop: async () => {
      identity.close();
      await database.drop();
    },
  };
}

/** A small Fastify app with the platform's error handling and the identity routes under /v1. */
export async function identityApp(identity: IdentityModule): Promise<FastifyInstance> {
  const app = Fastify({
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandling(app);
  // The platform's document (src/http/openapi.ts) must declare the riderToken scheme these routes use.
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'identity', version: '1.0.0' },
      components: { securitySchemes: { riderToken: { type: 'http', scheme: 'bearer' } } },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(identityRoutes, { prefix: '/v1', identity });
  await app.ready();
  return app as unknown as FastifyInstance;
}
