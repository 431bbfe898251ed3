import type { Clock } from '../../kernel/clock.js';
import type { Database } from '../../kernel/db/index.js';
import type { FleetModule } from './fleet.module.js';
import type { NewPowerBank } from './fleet.types.js';
import { DEMO_SITES } from './seed.demo-data.js';
import { SeedRepository } from './seed.repository.js';

/**
 * Seeds the demo network through the provisioning service, idempotently: sites are found again by
 * name and city, stations by their fixed codes, power banks by their fixed ids, and a slot is stocked
 * only while it is empty and the bank still in the warehouse. Running it twice adds nothing.
 */
export interface SeedDeps {
  fleet: FleetModule;
  database: Database;
  clock: Clock;
}

export interface SeedReport {
  sites: { created: number; existing: number };
  stations: { created: number; existing: number };
  powerBanks: { created: number; stocked: number };
  /** Ids of every demo station, created now or before. */
  stationIds: string[];
}

/** A stable pseudo-random number in [0, 1) for a label, so the demo stock is the same on every machine. */
function unit(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** The power bank an installer puts in a slot on day one (about 70 % of slots), or none. */
export function demoStock(code: string, slot: number): (NewPowerBank & { batteryPct: number }) | undefined {
  const key = `${code}:${slot}`;
  if (unit(`${key}:fill`) >= 0.7) return undefined;
  const roll = unit(`${key}:battery`);
  // A third full, a third nearly there, a third still charging: availability visibly moves as they charge.
  const batteryPct =
    roll < 0.35
      ? 100
      : roll < 0.7
        ? 60 + Math.floor(unit(`${key}:high`) * 40)
        : 10 + Math.floor(unit(`${key}:low`) * 50);
  return {
    id: `CNPB-${code}-${String(slot).padStart(2, '0')}`,
    capacityMah: unit(`${key}:cap`) < 0.7 ? 5000 : 10000,
    batteryPct,
    healthPct: 72 + Math.floor(unit(`${key}:health`) * 29),
    cycleCount: Math.floor(unit(`${key}:cycles`) * 300),
  };
}

/** Registers a station's day-one power banks (those not registered yet) and stocks its free slots with them. */
export async function stockStation(
  deps: SeedDeps,
  station: { id: string; code: string; slotCount: number },
): Promise<{ created: number; stocked: number }> {
  const repo = new SeedRepository(deps.database);
  const plan = Array.from({ length: station.slotCount }, (_, i) => ({
    slot: i + 1,
    bank: demoStock(station.code, i + 1),
  }));
  const banks = plan.flatMap((p) => (p.bank ? [p.bank] : []));
  const existing = new Set(await deps.fleet.stations.findExistingPowerBankIds(banks.map((b) => b.id)));
  const fresh = banks.filter((b) => !existing.has(b.id));
  if (fresh.length > 0) await deps.fleet.provisioning.addPowerBanks(fresh);
  let stocked = 0;
  for (const { slot, bank } of plan) {
    if (bank && (await repo.stockSlot(station.id, slot, bank, deps.clock.nowMs()))) stocked += 1;
  }
  return { created: fresh.length, stocked };
}

/** Creates whatever part of the demo network is missing and returns what it did. */
export async function seedDemoNetwork(deps: SeedDeps): Promise<SeedReport> {
  const repo = new SeedRepository(deps.database);
  const report: SeedReport = {
    sites: { created: 0, existing: 0 },
    stations: { created: 0, existing: 0 },
    powerBanks: { created: 0, stocked: 0 },
    stationIds: [],
  };
  for (const demo of DEMO_SITES) {
    let siteId = await repo.findSiteId(demo.name, demo.city);
    if (siteId) report.sites.existing += 1;
    else {
      const { stations: _stations, ...site } = demo;
      siteId = (await deps.fleet.provisioning.addSite(site)).id;
      report.sites.created += 1;
    }
    const known = await repo.findStationIdsByCode(demo.stations.map((s) => s.code));
    for (const spec of demo.stations) {
      let stationId = known.get(spec.code);
      if (stationId) report.stations.existing += 1;
      else {
        // The secret is dropped: whoever runs a demo station (the simulator) rotates it first.
        const { station } = await deps.fleet.provisioning.addStation({
          siteId,
          code: spec.code,
          slotCount: spec.slots,
        });
        stationId = station.id;
        report.stations.created += 1;
      }
      report.stationIds.push(stationId);
      const stock = await stockStation(deps, { id: stationId, code: spec.code, slotCount: spec.slots });
      report.powerBanks.created += stock.created;
      report.powerBanks.stocked += stock.stocked;
    }
  }
  return report;
}

/** True when no station exists yet: `npm start` seeds the demo network only then. */
export function isFleetEmpty(deps: Pick<SeedDeps, 'database'>): Promise<boolean> {
  return new SeedRepository(deps.database).hasStations().then((has) => !has);
}
