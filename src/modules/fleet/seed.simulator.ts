import { DEMO_STATION_CODES } from './seed.demo-data.js';
import { SeedRepository } from './seed.repository.js';
import { stockStation, type SeedDeps } from './seed.demo.js';

/**
 * Stations for the simulator to play: it needs their secrets, so it rotates them — which is why it
 * only ever touches demo stations and its own bench stations (codes SIM0001…), never a real one.
 */
export interface SimulatedStationPlan {
  stationId: string;
  code: string;
  /** The freshly rotated secret; the previous one stops working. */
  secret: string;
  slotCount: number;
  /** What the platform believes is in each slot, which the simulated station starts with. */
  slots: {
    slot: number;
    powerBankId: string | null;
    batteryPct: number;
    healthPct: number;
    enabled: boolean;
  }[];
}

export const SIMULATOR_SITE = {
  name: 'chargenet simulator bench',
  address: '1 Poultry, London EC2R 8EJ',
  city: 'London',
  country: 'GB',
  timeZone: 'Europe/London',
  lat: 51.5137,
  lng: -0.0905,
  openingHours: null,
};

const simCode = (n: number) => `SIM${String(n).padStart(4, '0')}`;

/**
 * Picks `count` stations — existing demo stations first, then bench stations, provisioning (and
 * stocking) bench stations as needed — rotates their secrets and loads their slots.
 */
export async function prepareSimulatedStations(
  deps: SeedDeps,
  count: number,
): Promise<SimulatedStationPlan[]> {
  const repo = new SeedRepository(deps.database);
  const chosen: { id: string; code: string }[] = [];
  const demo = await repo.findStationIdsByCode(DEMO_STATION_CODES);
  for (const code of DEMO_STATION_CODES) {
    const id = demo.get(code);
    if (id && chosen.length < count) chosen.push({ id, code });
  }
  const needed = count - chosen.length;
  if (needed > 0) {
    const codes = Array.from({ length: needed }, (_, i) => simCode(i + 1));
    const bench = await repo.findStationIdsByCode(codes);
    let siteId: string | undefined;
    for (const code of codes) {
      let id = bench.get(code);
      if (!id) {
        siteId ??=
          (await repo.findSiteId(SIMULATOR_SITE.name, SIMULATOR_SITE.city)) ??
          (await deps.fleet.provisioning.addSite(SIMULATOR_SITE)).id;
        id = (await deps.fleet.provisioning.addStation({ siteId, code, slotCount: 12 })).station.id;
        await stockStation(deps, { id, code, slotCount: 12 });
      }
      chosen.push({ id, code });
    }
  }
  return loadPlans(deps, chosen);
}

/** Every demo station that exists, secrets rotated and slots loaded, for an in-process simulated fleet. */
export async function prepareDemoStations(deps: SeedDeps): Promise<SimulatedStationPlan[]> {
  const demo = await new SeedRepository(deps.database).findStationIdsByCode(DEMO_STATION_CODES);
  return loadPlans(
    deps,
    DEMO_STATION_CODES.flatMap((code) => {
      const id = demo.get(code);
      return id ? [{ id, code }] : [];
    }),
  );
}

async function loadPlans(
  deps: SeedDeps,
  chosen: { id: string; code: string }[],
): Promise<SimulatedStationPlan[]> {
  const plans: SimulatedStationPlan[] = [];
  for (const { id, code } of chosen) {
    const slots = await deps.fleet.stations.listSlots(id);
    const health = new Map((await deps.fleet.stations.listPowerBanks(id)).map((b) => [b.id, b.healthPct]));
    const secret = await deps.fleet.provisioning.rotateSecret(id);
    plans.push({
      stationId: id,
      code,
      secret,
      slotCount: slots.length,
      slots: slots.map((s) => ({
        slot: s.slot,
        powerBankId: s.powerBankId,
        batteryPct: s.batteryPct ?? 0,
        healthPct: (s.powerBankId && health.get(s.powerBankId)) || 100,
        enabled: s.state !== 'disabled',
      })),
    });
  }
  return plans;
}
