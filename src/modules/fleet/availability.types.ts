import type { StationConnectivity } from './fleet.tables.js';
import type { Site } from './fleet.types.js';

/** Slot counts of one station, computed by one set-based query for the whole fleet. */
export interface SlotCounts {
  total: number;
  /** Power banks a rider could take now (working slot, enough battery, healthy, active and known). */
  rentable: number;
  /** Empty, non-faulted, enabled slots a rider can return into. */
  returnSlots: number;
  /** Slots holding a power bank that is not rentable (charging, low battery, unknown, blacklisted). */
  occupiedNotRentable: number;
  /** Faulted or disabled slots. */
  outOfService: number;
}

/** The site a station stands at, as riders see it: the fleet's Site. */
export type AvailabilitySite = Site;

/** What the availability read model knows about one station. */
export interface StationAvailability {
  stationId: string;
  code: string;
  site: AvailabilitySite;
  connectivity: StationConnectivity;
  enabled: boolean;
  slotCount: number;
  counts: SlotCounts;
  /** Online and enabled: shown to riders. Offline or disabled stations are hidden from rider availability. */
  available: boolean;
  lastSeenAt: string | null;
  updatedAt: string;
}

export interface NearbyStation {
  station: StationAvailability;
  distanceM: number;
}

export interface NearQueryInput {
  lat: number;
  lng: number;
  radiusM: number;
  limit: number;
  minRentable?: number;
}

/** A change of a station's availability as seen by riders; `previous` is absent for a newly seen station. */
export interface AvailabilityChange {
  station: StationAvailability;
  previous?: StationAvailability;
}

/** One slot as operations see it (riders only ever see counts). */
export interface SlotDetail {
  slot: number;
  state: string;
  powerBankId: string | null;
  batteryPct: number | null;
  healthPct: number | null;
  powerBankStatus: string | null;
  faults: string[];
  rentable: boolean;
  returnable: boolean;
  stateAt: string;
}
