import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { RiderModules } from '../app/rider-modules.js';
import type { Clock } from '../kernel/clock.js';
import type { Config } from '../kernel/config.js';
import { identityRoutes, requireRider, riderAuth } from '../modules/identity/index.js';
import { paymentsOpsRoutes, paymentsRiderRoutes } from '../modules/payments/index.js';
import { stripeWebhookRoutes } from '../modules/payments/providers/stripe/index.js';
import { pricingOpsRoutes, quoteRoutes } from '../modules/pricing/index.js';
import { rentalsRoutes } from '../modules/rentals/index.js';
import { ADMIN_ACTOR, adminAuth } from './admin-auth.js';

/**
 * Mounts the rider-facing modules' routes: sign-in and profile, quotes, cards, payments and receipts,
 * rentals; their operations endpoints; and the Stripe webhook when Stripe is the processor.
 */
export async function registerRiderRoutes(
  app: FastifyInstance,
  riders: RiderModules,
  deps: { config: Config; clock: Clock },
): Promise<void> {
  const authenticate: onRequestAsyncHookHandler = riderAuth(riders.identity);
  const riderOf = (request: FastifyRequest) => requireRider(request);
  const authorize = adminAuth(deps.config.ADMIN_TOKEN);

  await app.register(identityRoutes, { prefix: '/v1', identity: riders.identity });
  await app.register(quoteRoutes, {
    prefix: '/v1',
    catalog: riders.pricing.catalog,
    clock: deps.clock,
    resolveStation: riders.pricing.resolveStation,
  });
  await app.register(paymentsRiderRoutes, {
    prefix: '/v1',
    payments: riders.payments,
    riderAuth: authenticate,
    riderOf,
  });
  await app.register(rentalsRoutes, {
    prefix: '/v1',
    rentals: riders.rentals.service,
    start: (rider, ref) => riders.rentals.flows.start(rider, ref),
    idempotency: riders.idempotency,
    riderAuth: authenticate,
    riderOf,
  });
  await app.register(pricingOpsRoutes, {
    prefix: '/v1/ops',
    catalog: riders.pricing.catalog,
    authorize,
    actor: ADMIN_ACTOR,
  });
  await app.register(paymentsOpsRoutes, { prefix: '/v1/ops', payments: riders.payments, authorize });
  if (riders.stripe) {
    const payments = riders.payments;
    await app.register(stripeWebhookRoutes, {
      prefix: '/v1',
      provider: riders.stripe,
      onEvent: (event) => payments.applyProviderEvent(event),
    });
  }
}
