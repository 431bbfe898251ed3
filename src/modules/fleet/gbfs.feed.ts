import { createHash } from 'node:crypto';
import type { StationAvailability } from './availability.types.js';
import {
  GBFS_VERSION,
  type GbfsDiscovery,
  type GbfsStationInformation,
  type GbfsStationStatus,
  type GbfsSystemInformation,
  type GbfsVehicleTypes,
} from './gbfs.schemas.js';

/**
 * GBFS 2.3-shaped documents built from the availability read model. Pure functions; the routes
 * cache their serialised output per read-model version.
 *
 * Mapping decisions (docs/api.md repeats them):
 * - a power bank is the single vehicle type `power_bank`, form_factor `other` (2.3 has no closer
 *   one) and propulsion_type `human` (it has no motor; any other propulsion would also demand a
 *   max_range_meters that means nothing for a power bank);
 * - a slot is a dock: num_docks_available = free return slots, capacity = slot count;
 * - is_installed = the station has connected at least once; is_renting and is_returning = online
 *   and enabled (offline stations cannot confirm an eject or a return);
 * - the system spans several countries, so system_information.timezone is Etc/UTC.
 */
export const POWER_BANK_VEHICLE_TYPE = 'power_bank';
export const GBFS_FEEDS = [
  'system_information',
  'vehicle_types',
  'station_information',
  'station_status',
] as const;
export type GbfsFeedName = (typeof GBFS_FEEDS)[number];

export interface FeedMeta {
  /** POSIX seconds */
  lastUpdated: number;
  ttl: number;
}

const envelope = <T>(
  meta: FeedMeta,
  data: T,
): { last_updated: number; ttl: number; version: typeof GBFS_VERSION; data: T } => ({
  last_updated: meta.lastUpdated,
  ttl: meta.ttl,
  version: GBFS_VERSION,
  data,
});

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** gbfs.json: where the other feeds are. */
export function discoveryFeed(meta: FeedMeta, baseUrl: string): GbfsDiscovery {
  return envelope(meta, {
    en: { feeds: GBFS_FEEDS.map((name) => ({ name, url: `${baseUrl}/${name}.json` })) },
  });
}

export function systemInformationFeed(meta: FeedMeta, url?: string): GbfsSystemInformation {
  return envelope(meta, {
    system_id: 'chargenet',
    language: 'en',
    name: 'chargenet',
    timezone: 'Etc/UTC',
    ...(url ? { url } : {}),
  });
}

export function vehicleTypesFeed(meta: FeedMeta): GbfsVehicleTypes {
  return envelope(meta, {
    vehicle_types: [
      {
        vehicle_type_id: POWER_BANK_VEHICLE_TYPE,
        form_factor: 'other',
        propulsion_type: 'human',
        name: 'Power bank',
      },
    ],
  });
}

export function stationInformationFeed(
  meta: FeedMeta,
  stations: StationAvailability[],
): GbfsStationInformation {
  return envelope(meta, {
    stations: stations.map((s) => ({
      station_id: s.stationId,
      name: s.site.name,
      short_name: s.code,
      lat: s.site.lat,
      lon: s.site.lng,
      address: `${s.site.address}, ${s.site.city}`,
      capacity: s.slotCount,
    })),
  });
}

export function stationStatusFeed(meta: FeedMeta, stations: StationAvailability[]): GbfsStationStatus {
  return envelope(meta, {
    stations: stations.map((s) => ({
      station_id: s.stationId,
      num_bikes_available: s.counts.rentable,
      num_vehicles_available: s.counts.rentable,
      vehicle_types_available: [{ vehicle_type_id: POWER_BANK_VEHICLE_TYPE, count: s.counts.rentable }],
      num_docks_available: s.counts.returnSlots,
      num_docks_disabled: s.counts.outOfService,
      is_installed: s.connectivity !== 'provisioned',
      is_renting: s.available,
      is_returning: s.available,
      last_reported: seconds(s.lastSeenAt ?? s.updatedAt),
    })),
  });
}

/** A strong ETag of a serialised document. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** Whether an If-None-Match header matches the ETag (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}
