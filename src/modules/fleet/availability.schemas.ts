import { Type, type Static } from '@sinclair/typebox';
import { OpeningHoursSchema, StationId } from './fleet.schemas.js';

/** A string enum (JSON Schema `enum`, so OpenAPI shows the values) typed as the union of its values. */
export function stringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** Rider-facing availability shapes: route schemas (and so the OpenAPI document) and the SSE payload. */

export const MAX_RADIUS_M = 50_000;
export const DEFAULT_RADIUS_M = 2_000;
export const MAX_NEAR_LIMIT = 100;
export const DEFAULT_NEAR_LIMIT = 20;

const Lat = Type.Number({ minimum: -90, maximum: 90, description: 'Latitude, WGS 84 degrees' });
const Lng = Type.Number({ minimum: -180, maximum: 180, description: 'Longitude, WGS 84 degrees' });
const Radius = Type.Integer({ minimum: 1, maximum: MAX_RADIUS_M, default: DEFAULT_RADIUS_M });

export const NearQuerySchema = Type.Object({
  lat: Lat,
  lng: Lng,
  radius_m: Radius,
  limit: Type.Integer({ minimum: 1, maximum: MAX_NEAR_LIMIT, default: DEFAULT_NEAR_LIMIT }),
  min_rentable: Type.Integer({
    minimum: 0,
    maximum: 128,
    default: 0,
    description: 'Only stations with at least this many rentable power banks',
  }),
});

export const StreamQuerySchema = Type.Object({
  lat: Type.Optional(Lat),
  lng: Type.Optional(Lng),
  radius_m: Type.Optional(Radius),
});

export const StationIdParams = Type.Object({ stationId: StationId });
export const StationCodeParams = Type.Object({
  code: Type.String({ pattern: '^[A-Z0-9]{4,16}$', description: 'The code on the station QR sticker' }),
});

export const SiteView = Type.Object({
  name: Type.String(),
  address: Type.String(),
  city: Type.String(),
  country: Type.String({ description: 'ISO 3166-1 alpha-2' }),
  timeZone: Type.String({ description: 'IANA time zone' }),
  lat: Type.Number(),
  lng: Type.Number(),
  openingHours: Type.Union([OpeningHoursSchema, Type.Null()], {
    description: 'Weekday → [open, close] local times; a missing day is closed; null = always open',
  }),
});

export const NearbyStationView = Type.Object({
  stationId: Type.String(),
  code: Type.String(),
  name: Type.String(),
  address: Type.String(),
  city: Type.String(),
  country: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  distanceM: Type.Integer({ description: 'Great-circle distance from the query point, metres' }),
  rentable: Type.Integer({ description: 'Power banks ready to rent' }),
  returnSlots: Type.Integer({ description: 'Free slots to return a power bank into' }),
  openNow: Type.Boolean({ description: "From the venue's opening hours in its own time zone" }),
});
export type NearbyStationView = Static<typeof NearbyStationView>;

export const NearResponse = Type.Object({ items: Type.Array(NearbyStationView) });

export const STATION_STATUSES = ['available', 'offline', 'out_of_service'] as const;

export const SlotSummary = Type.Object({
  total: Type.Integer(),
  rentable: Type.Integer(),
  returnSlots: Type.Integer(),
  occupiedNotRentable: Type.Integer({ description: 'Charging, low battery or otherwise not rentable' }),
  outOfService: Type.Integer({ description: 'Faulted or disabled slots' }),
});

export const StationDetailView = Type.Object({
  stationId: Type.String(),
  code: Type.String(),
  status: stringEnum(STATION_STATUSES, {
    description: 'offline and out_of_service stations cannot serve rentals or returns now',
  }),
  available: Type.Boolean(),
  openNow: Type.Boolean(),
  site: SiteView,
  rentable: Type.Integer(),
  returnSlots: Type.Integer(),
  slots: SlotSummary,
  updatedAt: Type.String({ description: 'When availability last changed (ISO-8601 UTC)' }),
});
export type StationDetailView = Static<typeof StationDetailView>;

/** The `data` of an SSE `availability` event. */
export const AvailabilityEventView = Type.Object({
  stationId: Type.String(),
  code: Type.String(),
  available: Type.Boolean({ description: 'false: remove the station from the map' }),
  rentable: Type.Integer(),
  returnSlots: Type.Integer(),
  lat: Type.Number(),
  lng: Type.Number(),
  distanceM: Type.Optional(Type.Integer()),
  at: Type.String(),
});
export type AvailabilityEventView = Static<typeof AvailabilityEventView>;
