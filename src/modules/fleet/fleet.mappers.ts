import type { Selectable } from 'kysely';
import type { PowerBankTable, SiteTable, StationSlotTable, StationTable } from './fleet.tables.js';
import type { OpeningHours, PowerBank, Site, Slot, Station } from './fleet.types.js';

/** Row ↔ domain mapping for the fleet tables, shared by every fleet repository. */
export function toSite(row: Selectable<SiteTable>): Site {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    city: row.city,
    country: row.country,
    timeZone: row.time_zone,
    lat: Number(row.lat),
    lng: Number(row.lng),
    openingHours: row.opening_hours ? (JSON.parse(row.opening_hours) as OpeningHours) : null,
  };
}

export function toStation(row: Selectable<StationTable>): Station {
  return {
    id: row.id,
    siteId: row.site_id,
    code: row.code,
    slotCount: Number(row.slot_count),
    connectivity: row.connectivity,
    enabled: Number(row.enabled) === 1,
    firmware: row.firmware,
    hardware: row.hardware,
    clockOffsetMs: Number(row.clock_offset_ms),
    signal: row.signal === null ? null : Number(row.signal),
    mains: row.mains === null ? null : Number(row.mains) === 1,
    tempC: row.temp_c === null ? null : Number(row.temp_c),
    lastSeenAt: row.last_seen_at,
    lastInventoryAt: row.last_inventory_at,
    updatedAt: row.updated_at,
  };
}

export function toSlot(row: Selectable<StationSlotTable>): Slot {
  return {
    slot: Number(row.slot),
    powerBankId: row.power_bank_id,
    state: row.state,
    batteryPct: row.battery_pct === null ? null : Number(row.battery_pct),
    faults: JSON.parse(row.faults) as string[],
    stateAt: row.state_at,
  };
}

export function toPowerBank(row: Selectable<PowerBankTable>): PowerBank {
  return {
    id: row.id,
    capacityMah: Number(row.capacity_mah),
    batteryPct: Number(row.battery_pct),
    healthPct: Number(row.health_pct),
    cycleCount: Number(row.cycle_count),
    location: row.location,
    stationId: row.station_id,
    slot: row.slot === null ? null : Number(row.slot),
    status: row.status,
    locationAt: row.location_at,
  };
}
