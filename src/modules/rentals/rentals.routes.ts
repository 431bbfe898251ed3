import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { idempotent } from '../../http/idempotency.js';
import { problemResponses } from '../../http/problem.js';
import { ValidationError } from '../../kernel/errors.js';
import { negotiateLocale, type Locale } from '../../kernel/i18n/index.js';
import type { IdempotencyStore } from '../../kernel/idempotency/index.js';
import type { RiderPrincipal } from '../identity/identity.contract.js';
import type { RentalsService } from './rentals.service.js';
import {
  CurrentRentalView,
  RentalHistoryQuery,
  RentalIdParams,
  RentalListView,
  RentalView,
  RentalWaitQuery,
  StartRentalBody,
} from './rentals.schemas.js';
import type { Rental } from './rentals.types.js';
import { rentalView } from './rentals.views.js';

export interface RentalsRoutesOptions {
  rentals: RentalsService;
  /** Starts a rental (the start-rental flow). */
  start(rider: RiderPrincipal, ref: { stationId: string } | { stationCode: string }): Promise<Rental>;
  idempotency: IdempotencyStore;
  /** Authenticates the rider (sets what riderOf reads). */
  riderAuth: onRequestAsyncHookHandler;
  riderOf(request: FastifyRequest): RiderPrincipal;
}

const security = [{ riderToken: [] }];

/** The rider's language: Accept-Language first, then their profile. */
function localeOf(request: FastifyRequest, rider: RiderPrincipal): Locale {
  return negotiateLocale(request.headers['accept-language'], rider.locale);
}

/** The rider's rental endpoints. Every read is scoped to the authenticated rider. */
export const rentalsRoutes: FastifyPluginAsyncTypebox<RentalsRoutesOptions> = async (app, opts) => {
  const { rentals } = opts;
  app.addHook('onRequest', opts.riderAuth);

  app.post(
    '/rentals',
    {
      schema: {
        tags: ['rentals'],
        security,
        summary: 'Rent a power bank at a station',
        description:
          'Reserves the best power bank, places a hold on the default card and asks the station to eject. ' +
          'Answers 201 with the rental `ejecting`; it becomes `active` when the station confirms (poll ' +
          '`GET /v1/rentals/{id}?waitSeconds=20`). Send an `Idempotency-Key` so a retry never rents twice.',
        body: StartRentalBody,
        response: {
          201: RentalView,
          ...problemResponses(400, 401, 402, 404, 409, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const rider = opts.riderOf(request);
      const { stationId, stationCode } = request.body;
      if ((stationId === undefined) === (stationCode === undefined)) {
        throw new ValidationError('body: give exactly one of stationId or stationCode', {
          errors: [{ field: 'stationId', message: 'exactly one of stationId or stationCode is required' }],
        });
      }
      const ref = stationId !== undefined ? { stationId } : { stationCode: stationCode! };
      return idempotent(
        request,
        reply,
        { store: opts.idempotency, scope: `POST /v1/rentals:${rider.riderId}` },
        async () => ({
          status: 201,
          body: rentalView(await opts.start(rider, ref), localeOf(request, rider)),
        }),
      );
    },
  );

  app.get(
    '/rentals/current',
    {
      schema: {
        tags: ['rentals'],
        security,
        summary: "The rider's rental in progress, or null",
        response: { 200: CurrentRentalView, ...problemResponses(401) },
      },
    },
    async (request) => {
      const rider = opts.riderOf(request);
      const rental = await rentals.current(rider.riderId);
      return { rental: rental ? rentalView(rental, localeOf(request, rider)) : null };
    },
  );

  app.get(
    '/rentals',
    {
      schema: {
        tags: ['rentals'],
        security,
        summary: "The rider's rentals, newest first",
        querystring: RentalHistoryQuery,
        response: { 200: RentalListView, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const { limit = 20, before } = request.query;
      const rider = opts.riderOf(request);
      const list = await rentals.history(rider.riderId, limit, before);
      return { items: list.map((r) => rentalView(r, localeOf(request, rider))) };
    },
  );

  app.get(
    '/rentals/:rentalId',
    {
      schema: {
        tags: ['rentals'],
        security,
        summary: 'One of the rider’s rentals; optionally waits while the power bank is being ejected',
        params: RentalIdParams,
        querystring: RentalWaitQuery,
        response: { 200: RentalView, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const waitMs = (request.query.waitSeconds ?? 0) * 1000;
      const rider = opts.riderOf(request);
      const rental = await rentals.waitForRider(rider.riderId, request.params.rentalId, waitMs);
      return rentalView(rental, localeOf(request, rider));
    },
  );
};
