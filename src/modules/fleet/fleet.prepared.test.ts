import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/helpers/db.js';
import { fleetStateHarness, type FleetStateHarness } from '../../../test/helpers/fleet-state.fixtures.js';
import { prepare, registerDialect } from './fleet.prepared.js';
import type { FleetTables } from './fleet.tables.js';

describe.each(testDialects())('prepared statements on %s', (dialect) => {
  let h: FleetStateHarness;

  beforeAll(async () => {
    h = await fleetStateHarness(dialect);
  });
  afterAll(() => h.drop());

  // The same argument twice (set and guard), next to a value fixed in the statement.
  const setBattery = prepare<[number, string, number], never>(3, (db, arg) =>
    db
      .updateTable('fleet_power_banks')
      .set({ battery_pct: arg(0), status: 'active' })
      .where('id', '=', arg(1))
      .where('slot', 'is', null)
      .where('battery_pct', '!=', arg(0))
      .where('cycle_count', '>=', arg(2)),
  );

  it('runs with each call’s arguments, compiled once, and as a plain query on an unregistered handle', async () => {
    await h.addBanks('pb_p1', 'pb_p2');
    const run = (registered: boolean, pct: number, id: string) =>
      h.database.transaction(async (trx) => {
        if (registered) registerDialect(trx, dialect);
        return Number((await setBattery(trx as Kysely<FleetTables>, pct, id, 0)).numAffectedRows);
      });
    expect(await run(true, 40, 'pb_p1')).toBe(1);
    expect(await run(true, 60, 'pb_p2')).toBe(1);
    expect(await run(true, 60, 'pb_p2')).toBe(0); // the guard took the argument too
    expect(await run(false, 70, 'pb_p1')).toBe(1);
    expect((await h.stations.findPowerBank('pb_p1'))!.batteryPct).toBe(70);
    expect((await h.stations.findPowerBank('pb_p2'))!.batteryPct).toBe(60);
  });

  it('refuses a builder that does not bind an argument as a value', async () => {
    const bad = prepare<[string], never>(1, (db) =>
      db.updateTable('fleet_power_banks').set({ status: 'active' }).where('id', '=', 'pb_fixed'),
    );
    await expect(
      h.database.transaction(async (trx) => {
        registerDialect(trx, dialect);
        return bad(trx as Kysely<FleetTables>, 'pb_p1');
      }),
    ).rejects.toThrow(/argument 0 is not a parameter/);
  });
});
