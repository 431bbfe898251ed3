import { isOpenAt } from './availability.hours.js';
import type { AvailabilityEventView, NearbyStationView, StationDetailView } from './availability.schemas.js';
import type { NearbyStation, StationAvailability } from './availability.types.js';

/** Read model → rider-facing views. Riders see counts, never power bank ids. */

export function stationStatus(
  s: Pick<StationAvailability, 'enabled' | 'connectivity'>,
): StationDetailView['status'] {
  if (!s.enabled) return 'out_of_service';
  return s.connectivity === 'online' ? 'available' : 'offline';
}

/** One row of "stations near me". */
export function toNearbyView({ station: s, distanceM }: NearbyStation, nowMs: number): NearbyStationView {
  return {
    stationId: s.stationId,
    code: s.code,
    name: s.site.name,
    address: s.site.address,
    city: s.site.city,
    country: s.site.country,
    lat: s.site.lat,
    lng: s.site.lng,
    distanceM: Math.round(distanceM),
    rentable: s.counts.rentable,
    returnSlots: s.counts.returnSlots,
    openNow: isOpenAt(s.site.openingHours, s.site.timeZone, nowMs),
  };
}

/** A station's rider detail; counts are the last known even when the station cannot serve now. */
export function toDetailView(s: StationAvailability, nowMs: number): StationDetailView {
  const { id: _id, ...site } = s.site;
  return {
    stationId: s.stationId,
    code: s.code,
    status: stationStatus(s),
    available: s.available,
    openNow: isOpenAt(s.site.openingHours, s.site.timeZone, nowMs),
    site,
    rentable: s.counts.rentable,
    returnSlots: s.counts.returnSlots,
    slots: { ...s.counts },
    updatedAt: s.updatedAt,
  };
}

/** The payload of one SSE availability event. */
export function toEventView(
  s: StationAvailability,
  atMs: number,
  distanceM: number | undefined,
): AvailabilityEventView {
  return {
    stationId: s.stationId,
    code: s.code,
    available: s.available,
    rentable: s.counts.rentable,
    returnSlots: s.counts.returnSlots,
    lat: s.site.lat,
    lng: s.site.lng,
    ...(distanceM === undefined ? {} : { distanceM: Math.round(distanceM) }),
    at: new Date(atMs).toISOString(),
  };
}
