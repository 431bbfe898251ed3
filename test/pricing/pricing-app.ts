import { stationCountry } from '../../src/app/rider-modules.js';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { adminAuth, ADMIN_ACTOR } from '../../src/http/admin-auth.js';
import { registerErrorHandling } from '../../src/http/error-handler.js';
import type { FleetModule } from '../../src/modules/fleet/index.js';
import {
  createPricingModule,
  pricingOpsRoutes,
  quoteRoutes,
  type PricingCatalog,
} from '../../src/modules/pricing/index.js';
import { TestClock } from '../../src/kernel/clock.js';
import { loadConfig } from '../../src/kernel/config.js';
import { EventBus } from '../../src/kernel/events.js';
import { createLogger } from '../../src/kernel/logger.js';
import { createFleetModule, type FleetEvents } from '../../src/modules/fleet/index.js';
import { freshDatabase } from '../helpers/db.js';
import { TEST_ADMIN_TOKEN } from '../helpers/http-app.js';

export interface PricingHttpFixture {
  fleet: FleetModule;
  clock: TestClock;
  app: FastifyInstance;
  catalog: PricingCatalog;
  /** Provisions a site in the country with one station; returns its id and QR code. */
  addStation(country: string, code: string): Promise<string>;
  close(): Promise<void>;
}

/** The resolver the composition root passes: the station's id and its site's country, from fleet. */
export const resolveStationFrom = stationCountry;

/**
 * The pricing routes mounted as the app mounts its plugins (same Ajv options, error handling and admin
 * auth) over a fleet fixture on SQLite, with the pricing tables migrated.
 */
export async function pricingHttpFixture(): Promise<PricingHttpFixture> {
  const database = await freshDatabase('sqlite');
  const clock = new TestClock('2026-03-02T09:00:00.000Z');
  const logger = createLogger('silent');
  const config = loadConfig({ LOG_LEVEL: 'silent', ADMIN_TOKEN: TEST_ADMIN_TOKEN });
  const fleet = createFleetModule({
    database,
    clock,
    config,
    bus: new EventBus<FleetEvents>(logger),
    logger,
  });
  const { catalog } = createPricingModule({ database, clock });
  const app = Fastify({
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandling(app);
  await app.register(quoteRoutes, {
    prefix: '/v1',
    catalog,
    clock,
    resolveStation: resolveStationFrom(fleet),
  });
  await app.register(pricingOpsRoutes, {
    prefix: '/v1/ops',
    catalog,
    authorize: adminAuth(TEST_ADMIN_TOKEN),
    actor: ADMIN_ACTOR,
  });
  await app.ready();
  return {
    fleet,
    clock,
    app: app as unknown as FastifyInstance,
    catalog,
    addStation: async (country, code) => {
      const site = await fleet.provisioning.addSite({
        name: `Venue ${code}`,
        address: '1 Main Street',
        city: 'Somewhere',
        country,
        timeZone: 'UTC',
        lat: 10,
        lng: 10,
      });
      const { station } = await fleet.provisioning.addStation({ siteId: site.id, slotCount: 4, code });
      return station.id;
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
