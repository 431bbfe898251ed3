import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DialectName } from '../../src/kernel/db/index.js';
import { AppError } from '../../src/kernel/errors.js';
import { isSupportedLocale } from '../../src/kernel/i18n/index.js';
import { registerErrorHandling } from '../../src/http/error-handler.js';
import { adminAuth } from '../../src/http/admin-auth.js';
import type { RiderPrincipal } from '../../src/modules/identity/identity.contract.js';
import { paymentsOpsRoutes, paymentsRiderRoutes } from '../../src/modules/payments/index.js';
import { paymentsHarness, type PaymentsHarness } from './payments.harness.js';

export const OPS_TOKEN = 'payments-test-admin-token-0123456789';
export const ops = { authorization: `Bearer ${OPS_TOKEN}` };

/** Headers of a request made as `riderId` (the test stand-in for a rider's access token). */
export const as = (riderId: string, locale?: string) => ({
  'x-test-rider': riderId,
  ...(locale ? { 'x-test-rider-locale': locale } : {}),
});

const principals = new WeakMap<FastifyRequest, RiderPrincipal>();

export interface PaymentsHttp extends PaymentsHarness {
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * The payments routes in a Fastify app configured like buildApp's (same ajv options, error handler).
 * Rider auth is stood in for at the boundary only: `x-test-rider` names the rider.
 */
export async function paymentsHttp(dialect: DialectName = 'sqlite'): Promise<PaymentsHttp> {
  const h = await paymentsHarness(dialect);
  const app = Fastify({
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandling(app);
  await app.register(paymentsRiderRoutes, {
    prefix: '/v1',
    payments: h.payments,
    riderAuth: async (request) => {
      const riderId = request.headers['x-test-rider'];
      if (typeof riderId !== 'string') throw new AppError('AUTH_REQUIRED', 'Sign in first', 401);
      const locale = String(request.headers['x-test-rider-locale'] ?? 'en-GB');
      principals.set(request, {
        riderId,
        locale: isSupportedLocale(locale) ? locale : 'en-GB',
        country: 'GB',
        currency: 'GBP',
      });
    },
    riderOf: (request) => principals.get(request)!,
  });
  await app.register(paymentsOpsRoutes, {
    prefix: '/v1/ops',
    payments: h.payments,
    authorize: adminAuth(OPS_TOKEN),
  });
  await app.ready();
  return {
    ...h,
    app: app as unknown as FastifyInstance,
    close: async () => {
      await app.close();
      await h.drop();
    },
  };
}
