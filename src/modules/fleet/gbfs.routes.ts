import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AvailabilityService } from './availability.service.js';
import {
  discoveryFeed,
  etagOf,
  matchesEtag,
  stationInformationFeed,
  stationStatusFeed,
  systemInformationFeed,
  vehicleTypesFeed,
  type FeedMeta,
} from './gbfs.feed.js';
import {
  GbfsDiscovery,
  GbfsStationInformation,
  GbfsStationStatus,
  GbfsSystemInformation,
  GbfsVehicleTypes,
} from './gbfs.schemas.js';

export interface GbfsRoutesOptions {
  availability: AvailabilityService;
  ttlSeconds: number;
  /** Absolute base of the feed URLs in gbfs.json; without it they are built from the request's host. */
  publicUrl?: string;
}

interface Cached {
  key: string;
  body: string;
  etag: string;
}

/**
 * The open data feed. Each document is serialised once per read-model version and served with an
 * ETag (If-None-Match → 304) and Cache-Control max-age = ttl, so polling aggregators cost little.
 */
export const gbfsRoutes: FastifyPluginAsyncTypebox<GbfsRoutesOptions> = async (app, opts) => {
  const { availability, ttlSeconds } = opts;
  const cache = new Map<string, Cached>();
  const meta = (): FeedMeta => ({
    lastUpdated: Math.floor(availability.lastChangedMs / 1000),
    ttl: ttlSeconds,
  });

  function baseUrl(request: FastifyRequest): string {
    const root = opts.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
    return `${root}/gbfs`;
  }

  function serve(
    request: FastifyRequest,
    reply: FastifyReply,
    name: string,
    key: string,
    build: () => unknown,
  ): FastifyReply {
    let cached = cache.get(name);
    if (cached?.key !== key) {
      const body = JSON.stringify(build());
      cached = { key, body, etag: etagOf(body) };
      cache.set(name, cached);
    }
    reply.header('etag', cached.etag).header('cache-control', `public, max-age=${ttlSeconds}`);
    if (matchesEtag(request.headers['if-none-match'], cached.etag)) return reply.status(304).send();
    return reply.type('application/json; charset=utf-8').send(cached.body);
  }

  const route = (
    file: string,
    summary: string,
    schema: TSchema,
    feed: string,
    build: (r: FastifyRequest) => unknown,
  ) =>
    app.get(
      `/${file}`,
      {
        schema: {
          tags: ['gbfs'],
          summary,
          response: {
            200: schema,
            304: Type.Null({ description: 'Not modified: the If-None-Match ETag is current' }),
          },
        },
      },
      async (request, reply) => {
        // gbfs.json embeds absolute URLs, so its cache entry depends on the host asked for.
        const key =
          feed === 'gbfs' ? `${availability.version}|${baseUrl(request)}` : String(availability.version);
        return serve(request, reply, feed, key, () => build(request));
      },
    );

  route('gbfs.json', 'GBFS discovery: the feeds of this system', GbfsDiscovery, 'gbfs', (r) =>
    discoveryFeed(meta(), baseUrl(r)),
  );
  route(
    'system_information.json',
    'GBFS system information',
    GbfsSystemInformation,
    'system_information',
    () => systemInformationFeed(meta(), opts.publicUrl),
  );
  route('vehicle_types.json', 'GBFS vehicle types: the power bank', GbfsVehicleTypes, 'vehicle_types', () =>
    vehicleTypesFeed(meta()),
  );
  route(
    'station_information.json',
    'GBFS station information',
    GbfsStationInformation,
    'station_information',
    () => stationInformationFeed(meta(), availability.list()),
  );
  route(
    'station_status.json',
    'GBFS station status: rentable power banks and free slots',
    GbfsStationStatus,
    'station_status',
    () => stationStatusFeed(meta(), availability.list()),
  );
};
