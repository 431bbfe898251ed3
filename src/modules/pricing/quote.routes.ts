import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Clock } from '../../kernel/clock.js';
import { NotFoundError } from '../../kernel/errors.js';
import { negotiateLocale } from '../../kernel/i18n/index.js';
import { problemResponses } from '../../http/problem.js';
import { stationNotFound } from '../fleet/index.js';
import type { PricingCatalog } from './pricing.catalog.js';
import { QuoteQuery, QuoteStationParams, QuoteView } from './pricing.schemas.js';
import { buildQuote } from './quote.view.js';

/** How the quote finds a station's country; the composition root builds it on the fleet module. */
export type StationRef = { stationId: string } | { code: string };
export type ResolveStation = (ref: StationRef) => Promise<{ stationId: string; country: string } | undefined>;

export interface QuoteRoutesOptions {
  catalog: PricingCatalog;
  clock: Clock;
  resolveStation: ResolveStation;
}

// Same code and details as fleet's GET /v1/stations/by-code/:code, so clients handle one error.
const stationCodeNotFound = (code: string) =>
  new NotFoundError('FLEET_STATION_NOT_FOUND', `No station has code ${code}`, { code });

const schema = (summary: string) => ({
  tags: ['pricing'],
  summary,
  description:
    'No sign-in needed. Amounts are integer minor units of `currency`; `display` has them formatted ' +
    'for the locale negotiated from Accept-Language. A station in a country with no tariff in force ' +
    'answers 409 PRICING_NO_TARIFF.',
  response: { 200: QuoteView, ...problemResponses(400, 404, 409) },
});

/** The rider-facing price of renting at a station, as a rental starting now would be charged. */
export const quoteRoutes: FastifyPluginAsyncTypebox<QuoteRoutesOptions> = async (app, opts) => {
  const { catalog, clock, resolveStation } = opts;

  async function quote(ref: StationRef, acceptLanguage: string | undefined, reply: FastifyReply) {
    const station = await resolveStation(ref);
    if (!station) throw 'code' in ref ? stationCodeNotFound(ref.code) : stationNotFound(ref.stationId);
    const frozen = await catalog.freeze(station.country, clock.nowMs());
    const locale = negotiateLocale(acceptLanguage);
    reply.header('content-language', locale).header('vary', 'Accept-Language');
    return buildQuote(station.stationId, frozen, locale);
  }

  app.get(
    '/stations/:stationId/quote',
    {
      schema: {
        ...schema("What renting at a station costs, in the station's currency"),
        params: QuoteStationParams,
      },
    },
    async (request, reply) =>
      quote({ stationId: request.params.stationId }, request.headers['accept-language'], reply),
  );

  app.get(
    '/quote',
    {
      schema: { ...schema('The same quote, for the code on a station QR sticker'), querystring: QuoteQuery },
    },
    async (request, reply) =>
      quote({ code: request.query.stationCode }, request.headers['accept-language'], reply),
  );
};
