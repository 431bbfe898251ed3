import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../../src/http/app.js';
import { fleetFixture, type FleetFixture } from './availability-fixtures.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface HttpFixture extends FleetFixture {
  app: FastifyInstance;
  close(): Promise<void>;
}

/** The HTTP app over a fleet fixture on SQLite (or the given dialect), with an admin token configured. */
export async function httpFixture(
  options: {
    env?: Record<string, string>;
    deps?: Partial<AppDeps>;
    dialect?: 'sqlite' | 'postgres' | 'mysql';
  } = {},
): Promise<HttpFixture> {
  const fx = await fleetFixture(options.dialect ?? 'sqlite', {
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ...options.env,
  });
  const app = await buildApp({
    config: fx.config,
    fleet: fx.fleet,
    bus: fx.bus,
    clock: fx.clock,
    logger: fx.logger,
    ...options.deps,
  });
  await app.ready();
  return {
    ...fx,
    app,
    close: async () => {
      await app.close();
      await fx.drop();
    },
  };
}

/** Authorization header for the ops API. */
export const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
