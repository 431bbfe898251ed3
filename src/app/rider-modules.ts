import type { Clock } from '../kernel/clock.js';
import { ConfigError, type Config } from '../kernel/config.js';
import type { Database } from '../kernel/db/index.js';
import { IdempotencyStore } from '../kernel/idempotency/index.js';
import type { Logger } from '../kernel/logger.js';
import { generateSecret } from '../kernel/secrets.js';
import type { FleetModule, StationCommands } from '../modules/fleet/index.js';
import { createIdentityModule, type IdentityModule } from '../modules/identity/index.js';
import { createPaymentsModule, type PaymentsModule } from '../modules/payments/index.js';
import {
  createStripeProvider,
  stripeApiAddress,
  type StripeProvider,
} from '../modules/payments/providers/stripe/index.js';
import { createPricingModule, type PricingCatalog, type ResolveStation } from '../modules/pricing/index.js';
import { RentalsRepository, RentalsService } from '../modules/rentals/index.js';
import { createRentalFlows, type RentalBus, type RentalFlows } from '../flows/rentals/rental-flows.js';

/**
 * The rider-facing side of the platform — identity, pricing, payments, rentals and the rental flows —
 * wired from the config. Split from platform.ts so that file stays about roles and lifecycle.
 */
export interface RiderModules {
  identity: IdentityModule;
  pricing: { catalog: PricingCatalog; resolveStation: ResolveStation };
  payments: PaymentsModule;
  /** The Stripe adapter when PAYMENT_PROVIDER=stripe (its webhook route needs it). */
  stripe?: StripeProvider;
  rentals: { repository: RentalsRepository; service: RentalsService; flows: RentalFlows };
  idempotency: IdempotencyStore;
  /** True when IDENTITY_TOKEN_SECRET was not configured and this process made one up. */
  tokenSecretGenerated: boolean;
  close(): Promise<void>;
}

export interface RiderModulesDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  bus: RentalBus;
  fleet: FleetModule;
  /** The gateway's command sender; without it rentals cannot start in this process. */
  commands?: StationCommands;
}

function stripeProvider(deps: RiderModulesDeps): StripeProvider | undefined {
  const { config } = deps;
  if (config.PAYMENT_PROVIDER === 'sandbox') return undefined;
  const missing = (['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'] as const).filter((k) => !config[k]);
  if (missing.length > 0) {
    throw new ConfigError(missing.map((k) => `${k}: required when PAYMENT_PROVIDER=stripe`));
  }
  return createStripeProvider({
    secretKey: config.STRIPE_SECRET_KEY!,
    webhookSecret: config.STRIPE_WEBHOOK_SECRET!,
    ...(config.STRIPE_API_URL ? stripeApiAddress(config.STRIPE_API_URL) : {}),
    clock: deps.clock,
  });
}

/** Finds a station by id or QR code and the country its site is in (for pricing). */
export function stationCountry(fleet: FleetModule): ResolveStation {
  return async (ref) => {
    const station =
      'code' in ref
        ? await fleet.stations.findStationByCode(ref.code)
        : await fleet.stations.findStation(ref.stationId);
    const site = station && (await fleet.stations.findSite(station.siteId));
    return station && site ? { stationId: station.id, country: site.country } : undefined;
  };
}

/** Wires identity, pricing, payments and rentals, and connects them to each other where they meet. */
export function createRiderModules(deps: RiderModulesDeps): RiderModules {
  const { config, database, clock, logger, bus, fleet } = deps;
  const tokenSecretGenerated = config.IDENTITY_TOKEN_SECRET === undefined;
  if (tokenSecretGenerated) {
    logger.warn(
      'IDENTITY_TOKEN_SECRET is not set: rider access tokens are signed with a key made up for this process ' +
        '(they stop working on restart; refresh tokens keep working). Set it in production.',
    );
  }
  const identity = createIdentityModule({
    database,
    clock,
    logger,
    options: {
      tokenSecret: config.IDENTITY_TOKEN_SECRET ?? generateSecret(),
      accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
      codeTtlSeconds: config.LOGIN_CODE_TTL_SECONDS,
      codesPerHour: config.LOGIN_CODES_PER_HOUR,
      ...(config.SMTP_URL ? { smtp: { transport: config.SMTP_URL, from: config.SMTP_FROM } } : {}),
    },
  });
  const pricing = createPricingModule({ database, clock });
  const stripe = stripeProvider(deps);
  const payments = createPaymentsModule({ database, clock, logger, ...(stripe ? { provider: stripe } : {}) });
  const repository = new RentalsRepository(database);
  const service = new RentalsService(repository, bus);
  const flows = createRentalFlows({
    database,
    rentals: repository,
    fleet,
    ...(deps.commands ? { commands: deps.commands } : {}),
    tariffs: pricing.catalog,
    payments,
    bus,
    clock,
    logger,
    options: {
      maxEjectAttempts: config.RENTAL_MAX_EJECT_ATTEMPTS,
      retryWindowMs: config.RENTAL_RETRY_WINDOW_SECONDS * 1000,
    },
  });

  identity.registerExporter('rentals', async (riderId) => repository.listForRider(riderId, 10_000));
  identity.registerExporter('payments', async (riderId) => ({
    cards: await payments.cards.list(riderId),
    payments: await payments.listForRider(riderId, 10_000),
  }));
  identity.registerErasureHook('rentals', {
    // Rentals are accounting records: they keep the rider id, which no longer leads to a person once
    // identity has pseudonymised the rider. A live rental must end (and be paid) first.
    blocker: async (riderId) =>
      (await repository.findLiveForRider(riderId)) ? 'RENTAL_IN_PROGRESS' : undefined,
    erase: async () => {},
  });
  identity.registerErasureHook('payments', {
    erase: async (riderId) => {
      for (const card of await payments.cards.list(riderId)) await payments.cards.remove(riderId, card.id);
    },
  });

  return {
    identity,
    pricing: { catalog: pricing.catalog, resolveStation: stationCountry(fleet) },
    payments,
    ...(stripe ? { stripe } : {}),
    rentals: { repository, service, flows },
    idempotency: new IdempotencyStore(database, clock),
    tokenSecretGenerated,
    async close() {
      flows.stop();
      await identity.close();
    },
  };
}
