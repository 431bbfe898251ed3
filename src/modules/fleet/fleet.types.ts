import type { PowerBankLocation, PowerBankStatus, SlotState, StationConnectivity } from './fleet.tables.js';

/** Weekday (mon…sun) → list of [open, close] local times "HH:MM"; absent day = closed; null = always open. */
export type OpeningHours = Partial<
  Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>
>;

export interface Site {
  id: string;
  name: string;
  address: string;
  city: string;
  country: string;
  timeZone: string;
  lat: number;
  lng: number;
  openingHours: OpeningHours | null;
}

export interface NewSite {
  id?: string;
  name: string;
  address: string;
  city: string;
  country: string;
  timeZone: string;
  lat: number;
  lng: number;
  openingHours?: OpeningHours | null;
}

export interface Station {
  id: string;
  siteId: string;
  code: string;
  slotCount: number;
  connectivity: StationConnectivity;
  enabled: boolean;
  firmware: string | null;
  hardware: string | null;
  clockOffsetMs: number;
  signal: number | null;
  mains: boolean | null;
  tempC: number | null;
  lastSeenAt: string | null;
  lastInventoryAt: string | null;
  updatedAt: string;
}

export interface NewStation {
  id?: string;
  siteId: string;
  code?: string;
  slotCount: number;
}

export interface Slot {
  slot: number;
  powerBankId: string | null;
  state: SlotState;
  batteryPct: number | null;
  faults: string[];
  stateAt: string;
}

export interface PowerBank {
  id: string;
  capacityMah: number;
  batteryPct: number;
  healthPct: number;
  cycleCount: number;
  location: PowerBankLocation;
  stationId: string | null;
  slot: number | null;
  status: PowerBankStatus;
  locationAt: string;
}

export interface NewPowerBank {
  id: string;
  capacityMah?: number;
  batteryPct?: number;
  healthPct?: number;
  cycleCount?: number;
  status?: PowerBankStatus;
}

/** What provisioning returns exactly once: the secret is never stored or shown again. */
export interface ProvisionedStation {
  station: Station;
  secret: string;
}
