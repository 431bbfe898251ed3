import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { systemClock } from '../../src/kernel/clock.js';
import { loadConfig } from '../../src/kernel/config.js';
import { connectDatabase, migrateToLatest } from '../../src/kernel/db/index.js';
import { EventBus } from '../../src/kernel/events.js';
import { createLogger } from '../../src/kernel/logger.js';
import { allMigrations } from '../../src/app/migrations.js';
import {
  AvailabilityService,
  StationsRepository,
  type FleetEvents,
  type FleetTables,
} from '../../src/modules/fleet/index.js';

export interface NearestFigures {
  stations: number;
  loadMs: number;
  queries: number;
  radiusM: number;
  wideRadiusM: number;
  limit: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Seeds N online stations (each on its own site, spread over a Europe-sized box) into SQLite, loads
 * them through the real availability read model, and times `near()` at random points.
 */
export async function benchNearest(count: number, queries = 20_000): Promise<NearestFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'chargenet-geo-'));
  const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'geo.db')}`, LOG_LEVEL: 'warn' });
  const database = connectDatabase(config.DATABASE_URL);
  await migrateToLatest(database, ...allMigrations);
  const repo = new StationsRepository(database);
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const box = { lat: [36, 60], lng: [-10, 25] } as const;
  // Real fleets cluster in cities: 70% of stations (and 80% of queries) fall within ~5 km of 50 centres.
  const cities = Array.from({ length: 50 }, () => ({
    lat: box.lat[0] + random() * (box.lat[1] - box.lat[0]),
    lng: box.lng[0] + random() * (box.lng[1] - box.lng[0]),
  }));
  const point = (cityShare: number) => {
    if (random() < cityShare) {
      const c = cities[Math.floor(random() * cities.length)]!;
      return { lat: c.lat + (random() - 0.5) * 0.09, lng: c.lng + (random() - 0.5) * 0.14 };
    }
    return {
      lat: box.lat[0] + random() * (box.lat[1] - box.lat[0]),
      lng: box.lng[0] + random() * (box.lng[1] - box.lng[0]),
    };
  };
  const now = Date.now();
  for (let i = 0; i < count; i += 2000) {
    await repo.transaction(async (trx) => {
      for (let j = i; j < Math.min(i + 2000, count); j++) {
        const id = `${String(j).padStart(7, '0')}`;
        const at = point(0.7);
        await repo.insertSite(
          {
            id: `sit_geo${id}`,
            name: `Venue ${id}`,
            address: `${j} Main St`,
            city: 'Somewhere',
            country: 'FR',
            timeZone: 'Europe/Paris',
            lat: at.lat,
            lng: at.lng,
            openingHours: null,
          },
          now,
          trx,
        );
        await repo.insertStation(
          trx,
          { id: `stn_geo${id}`, siteId: `sit_geo${id}`, code: `G${id}`, slotCount: 4 },
          'sha256:x',
          now,
        );
      }
    });
  }
  await (database.db as Kysely<FleetTables>)
    .updateTable('fleet_stations')
    .set({ connectivity: 'online' })
    .execute();

  const logger = createLogger('warn', 'bench');
  const availability = new AvailabilityService({
    database,
    clock: systemClock,
    config,
    bus: new EventBus<FleetEvents>(logger),
    logger,
  });
  const loadStart = performance.now();
  await availability.start();
  const loadMs = Math.round(performance.now() - loadStart);

  // Most riders look within walking distance; one query in ten uses the API's 50 km maximum.
  const radiusM = 2000;
  const wideRadiusM = 50_000;
  const limit = 20;
  const times: number[] = [];
  for (let q = 0; q < queries; q++) {
    const { lat, lng } = point(0.8);
    const t = performance.now();
    availability.near({ lat, lng, radiusM: q % 10 === 0 ? wideRadiusM : radiusM, limit });
    times.push(performance.now() - t);
  }
  await availability.stop();
  await database.destroy();
  rmSync(dir, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return {
    stations: count,
    loadMs,
    queries,
    radiusM,
    wideRadiusM,
    limit,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: times[times.length - 1]!,
  };
}
