import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Clock } from '../../kernel/clock.js';
import { NotFoundError, ValidationError } from '../../kernel/errors.js';
import { problemResponses } from '../../http/problem.js';
import { stationNotFound } from './fleet.errors.js';
import type { AvailabilityService } from './availability.service.js';
import { AvailabilityStream, SSE_HEARTBEAT_MS } from './availability.stream.js';
import {
  DEFAULT_RADIUS_M,
  NearQuerySchema,
  NearResponse,
  StationCodeParams,
  StationDetailView,
  StationIdParams,
  StreamQuerySchema,
} from './availability.schemas.js';
import { toDetailView, toNearbyView } from './availability.views.js';

export interface FleetRoutesOptions {
  availability: AvailabilityService;
  clock: Clock;
  /** Interval of the SSE keep-alive comment; 15 s unless a test wants it sooner. */
  sseHeartbeatMs?: number;
}

/**
 * Rider availability, served from the in-memory read model (no database query per request):
 * stations near a point, one station's detail (by id or QR code), and a live SSE stream of changes.
 */
export const fleetRoutes: FastifyPluginAsyncTypebox<FleetRoutesOptions> = async (app, opts) => {
  const { availability, clock } = opts;
  const stream = new AvailabilityStream(availability, clock, opts.sseHeartbeatMs ?? SSE_HEARTBEAT_MS);
  // Open streams would hold the server open; end them before it stops accepting.
  app.addHook('preClose', async () => stream.closeAll());

  app.get(
    '/stations/near',
    {
      schema: {
        tags: ['availability'],
        summary: 'Stations near a point, nearest first (offline and disabled stations are hidden)',
        querystring: NearQuerySchema,
        response: { 200: NearResponse, ...problemResponses(400) },
      },
    },
    async (request) => {
      const q = request.query;
      const hits = availability.near({
        lat: q.lat,
        lng: q.lng,
        radiusM: q.radius_m,
        limit: q.limit,
        minRentable: q.min_rentable,
      });
      const nowMs = clock.nowMs();
      return { items: hits.map((hit) => toNearbyView(hit, nowMs)) };
    },
  );

  app.get(
    '/stations/stream',
    {
      schema: {
        tags: ['availability'],
        summary: 'Server-Sent Events: one `availability` event per change riders would notice',
        description:
          'Optionally only stations within radius_m (default 2000) of lat/lng. Each event is ' +
          '`event: availability` with JSON data {stationId, code, available, rentable, returnSlots, lat, lng, ' +
          'distanceM?, at}; `available: false` means the station left rider availability. A `: keepalive` ' +
          'comment is sent every 15 s. No replay: after reconnecting, re-read /v1/stations/near.',
        querystring: StreamQuerySchema,
        response: {
          200: {
            description: 'An endless text/event-stream',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          ...problemResponses(400),
        },
      },
    },
    async (request, reply) => {
      const { lat, lng, radius_m } = request.query;
      if ((lat === undefined) !== (lng === undefined)) {
        const field = lat === undefined ? 'querystring/lat' : 'querystring/lng';
        throw new ValidationError(`${field} is required when filtering by position`, {
          errors: [{ field, message: 'is required when filtering by position' }],
        });
      }
      const filter =
        lat !== undefined && lng !== undefined
          ? { lat, lng, radiusM: radius_m ?? DEFAULT_RADIUS_M }
          : undefined;
      // Fastify destroys the stream when the client goes away, which unsubscribes it.
      const out = stream.open(filter);
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no')
        .send(out);
    },
  );

  app.get(
    '/stations/by-code/:code',
    {
      schema: {
        tags: ['availability'],
        summary: 'A station by the code on its QR sticker',
        params: StationCodeParams,
        response: { 200: StationDetailView, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const station = availability.getByCode(request.params.code);
      if (!station) {
        throw new NotFoundError('FLEET_STATION_NOT_FOUND', `No station has code ${request.params.code}`, {
          code: request.params.code,
        });
      }
      return toDetailView(station, clock.nowMs());
    },
  );

  app.get(
    '/stations/:stationId',
    {
      schema: {
        tags: ['availability'],
        summary: "A station's availability with a slot summary (no power bank ids)",
        params: StationIdParams,
        response: { 200: StationDetailView, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const station = availability.get(request.params.stationId);
      if (!station) throw stationNotFound(request.params.stationId);
      return toDetailView(station, clock.nowMs());
    },
  );
};
