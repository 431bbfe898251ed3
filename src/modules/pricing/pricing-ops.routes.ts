import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { onRequestAsyncHookHandler } from 'fastify';
import { problemResponses } from '../../http/problem.js';
import { withFieldErrors } from './pricing.errors.js';
import type { PricingCatalog } from './pricing.catalog.js';
import { CountryParams, RegionBody, RegionView, TariffBody, TariffView, listOf } from './pricing.schemas.js';

export interface PricingOpsRoutesOptions {
  catalog: PricingCatalog;
  /** Authenticates every request (admin bearer token until staff accounts exist); runs before the body is read. */
  authorize: onRequestAsyncHookHandler;
  /** Recorded as the tariff's createdBy. */
  actor: string;
}

const security = [{ adminToken: [] }];
const authProblems = problemResponses(401, 503);

/** Operations endpoints for the pricing catalogue: regions and their tariff versions. */
export const pricingOpsRoutes: FastifyPluginAsyncTypebox<PricingOpsRoutesOptions> = async (app, opts) => {
  const { catalog } = opts;
  app.addHook('onRequest', opts.authorize);

  app.get(
    '/regions',
    {
      schema: {
        tags: ['ops', 'pricing'],
        security,
        summary: 'Every pricing region: currency, tax and maximum rental period per country',
        response: { 200: listOf(RegionView), ...authProblems },
      },
    },
    async () => ({ items: await catalog.listRegions() }),
  );

  app.put(
    '/regions/:country',
    {
      schema: {
        tags: ['ops', 'pricing'],
        security,
        summary: "Create or change a country's region (its currency is fixed once it has tariffs)",
        params: CountryParams,
        body: RegionBody,
        response: { 200: RegionView, ...problemResponses(400, 409), ...authProblems },
      },
    },
    async (request) => {
      try {
        return await catalog.upsertRegion({ country: request.params.country, ...request.body });
      } catch (err) {
        throw withFieldErrors(err);
      }
    },
  );

  app.get(
    '/regions/:country/tariffs',
    {
      schema: {
        tags: ['ops', 'pricing'],
        security,
        summary: "A country's tariff versions, oldest first",
        params: CountryParams,
        response: { 200: listOf(TariffView), ...problemResponses(400, 404), ...authProblems },
      },
    },
    async (request) => ({ items: await catalog.listTariffs(request.params.country) }),
  );

  app.post(
    '/regions/:country/tariffs',
    {
      schema: {
        tags: ['ops', 'pricing'],
        security,
        summary: 'Publish the next tariff version; earlier versions never change',
        description:
          'The version number is the next of the country (1, 2, 3…). It takes effect at effectiveFrom ' +
          '(default now); rentals already started keep the version they were frozen on.',
        params: CountryParams,
        body: TariffBody,
        response: { 201: TariffView, ...problemResponses(400, 404), ...authProblems },
      },
    },
    async (request, reply) => {
      const { effectiveFrom, ...fields } = request.body;
      try {
        const published = await catalog.publishTariff(request.params.country, fields, {
          createdBy: opts.actor,
          ...(effectiveFrom !== undefined ? { effectiveFrom } : {}),
        });
        return reply.status(201).send(published);
      } catch (err) {
        throw withFieldErrors(err);
      }
    },
  );
};
