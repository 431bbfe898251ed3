import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../../src/kernel/db/index.js';
import { hashSecret, verifySecret } from '../../src/kernel/secrets.js';
import type { FleetTables } from '../../src/modules/fleet/index.js';
import { runChargenet } from '../helpers/cli.process.js';
import { freshDatabase, testDialects } from '../helpers/db.js';

/** The `chargenet` provisioning commands, run as a script would: a child process, a real database. */
const dir = mkdtempSync(join(tmpdir(), 'chargenet-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SITE = [
  ...['--name', 'The Crown', '--address', '12 High Street, London N1 1AA', '--city', 'London'],
  ...['--country', 'GB', '--tz', 'Europe/London', '--lat', '51.54', '--lng', '-0.10'],
];

function csv(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const count = async (db: Kysely<FleetTables>, table: keyof FleetTables) =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('chargenet CLI on SQLite', () => {
  const url = `sqlite:${join(dir, 'cli.db')}`;
  const env = { DATABASE_URL: url };
  let database: Database;
  let db: Kysely<FleetTables>;
  let siteId: string;

  beforeAll(async () => {
    const migrated = await runChargenet(['migrate', '--json'], env);
    expect(migrated.code).toBe(0);
    expect(JSON.parse(migrated.stdout).applied).toContain('20261123_fleet_001_init');
    database = connectDatabase(url);
    db = database.db as Kysely<FleetTables>;
  });
  afterAll(() => database?.destroy());

  it('adds a site and prints it as JSON', async () => {
    const r = await runChargenet(['sites', 'add', ...SITE, '--json'], env);
    expect(r.code).toBe(0);
    const site = JSON.parse(r.stdout);
    expect(site).toMatchObject({ name: 'The Crown', country: 'GB', timeZone: 'Europe/London', lat: 51.54 });
    expect(site.id).toMatch(/^sit_/);
    siteId = site.id;
  });

  it('provisions a station, prints its secret exactly once, and stores only its hash', async () => {
    const r = await runChargenet(
      ['stations', 'add', '--site', siteId, '--slots', '8', '--code', 'CROWN1', '--json'],
      env,
    );
    expect(r.code).toBe(0);
    const { station, secret } = JSON.parse(r.stdout);
    expect(station).toMatchObject({ siteId, code: 'CROWN1', slotCount: 8, connectivity: 'provisioned' });
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(r.stdout.split(secret)).toHaveLength(2);
    expect(r.stderr).not.toContain(secret);
    const row = await db
      .selectFrom('fleet_station_credentials')
      .selectAll()
      .where('station_id', '=', station.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(hashSecret(secret));
    expect(row.secret_hash).not.toContain(secret);
    expect(await count(db, 'fleet_station_slots')).toBe(8);

    const human = await runChargenet(['stations', 'add', '--site', siteId, '--slots', '4'], env);
    expect(human.code).toBe(0);
    const shown = human.stdout.match(/secret \(shown once[^:]*\): (\S+)/)?.[1];
    expect(shown).toBeDefined();
    expect(human.stdout.split(shown!)).toHaveLength(2);
  });

  it('rotates a station secret: the new one verifies, the old one no longer does', async () => {
    const added = JSON.parse(
      (await runChargenet(['stations', 'add', '--site', siteId, '--slots', '6', '--json'], env)).stdout,
    );
    const r = await runChargenet(['stations', 'rotate-secret', added.station.id, '--json'], env);
    expect(r.code).toBe(0);
    const { secret } = JSON.parse(r.stdout);
    const { secret_hash } = await db
      .selectFrom('fleet_station_credentials')
      .select('secret_hash')
      .where('station_id', '=', added.station.id)
      .executeTakeFirstOrThrow();
    expect(verifySecret(secret, secret_hash)).toBe(true);
    expect(verifySecret(added.secret, secret_hash)).toBe(false);

    const missing = await runChargenet(['stations', 'rotate-secret', 'stn_missing'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/stn_missing does not exist.*FLEET_STATION_NOT_FOUND/);
  });

  it('registers one power bank, and refuses the same id twice', async () => {
    const r = await runChargenet(
      ['power-banks', 'add', 'PB-CLI-1', '--capacity', '10000', '--battery', '55', '--json'],
      env,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      id: 'PB-CLI-1',
      capacityMah: 10000,
      batteryPct: 55,
      location: 'warehouse',
    });
    const again = await runChargenet(['power-banks', 'add', 'PB-CLI-1'], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('PB-CLI-1 is already registered');
  });

  it('imports a CSV all or nothing: one bad line, every problem named by line and field, nothing written', async () => {
    const before = await count(db, 'fleet_power_banks');
    const bad = csv('bad.csv', [
      'id,capacityMah,batteryPct,healthPct',
      'PB-CSV-1,5000,80,95',
      'PB-CSV-2,lots,80,95',
      'PB-CSV-3,5000,120,95',
      'PB-CSV-1,5000,80,95',
      'PB-CLI-1,5000,80,95',
      'PB-CSV-4,5000,80',
    ]);
    const r = await runChargenet(['power-banks', 'import', bad], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing was imported');
    expect(r.stderr).toContain('line 3, capacityMah: must be an integer (got "lots")');
    expect(r.stderr).toMatch(/line 4, batteryPct: .*100/);
    expect(r.stderr).toContain('line 5, id: PB-CSV-1 already appears on line 2');
    expect(r.stderr).toContain('line 6, id: PB-CLI-1 is already registered');
    expect(r.stderr).toContain('line 7: has 3 fields, the header has 4');
    expect(await count(db, 'fleet_power_banks')).toBe(before);

    const good = csv('good.csv', [
      'id,capacityMah,batteryPct,healthPct',
      'PB-CSV-1,5000,80,95',
      'PB-CSV-2,,,',
      '',
    ]);
    const ok = await runChargenet(['power-banks', 'import', good, '--json'], env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ imported: 2, ids: ['PB-CSV-1', 'PB-CSV-2'] });
    expect(await count(db, 'fleet_power_banks')).toBe(before + 2);
  });

  it('rejects a CSV with an unknown column or no id column, naming it', async () => {
    const r = await runChargenet(
      ['power-banks', 'import', csv('cols.csv', ['serial,capacity', 'X1,5000'])],
      env,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 1, serial: unknown column');
    expect(r.stderr).toContain('line 1, id: the header must have an id column');
    const missing = await runChargenet(['power-banks', 'import', join(dir, 'nope.csv')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
  });

  it.for([
    [
      'a latitude out of range',
      ['sites', 'add', ...SITE.slice(0, -4), '--lat', '95', '--lng', '0'],
      /--lat: .*90/,
    ],
    [
      'an unknown time zone',
      ['sites', 'add', ...SITE.slice(0, -6), '--tz', 'Mars/Olympus', '--lat', '1', '--lng', '1'],
      /--tz: Mars\/Olympus is not an IANA time zone/,
    ],
    [
      'a non-number',
      ['sites', 'add', ...SITE.slice(0, -4), '--lat', 'north', '--lng', '0'],
      /'--lat <deg>' argument 'north' is invalid/,
    ],
    ['a missing required option', ['stations', 'add', '--slots', '4'], /required option '--site <id>'/],
    [
      'zero slots',
      ['stations', 'add', '--site', 'sit_x', '--slots', '0'],
      /'--slots <n>' argument '0' is invalid/,
    ],
    [
      'a bad station code',
      ['stations', 'add', '--site', 'SITE', '--slots', '4', '--code', 'no!'],
      /--code: /,
    ],
    [
      'a site that does not exist',
      ['stations', 'add', '--site', 'sit_nope', '--slots', '4'],
      /Site sit_nope does not exist/,
    ],
  ] as [string, string[], RegExp][])(
    'rejects %s with exit code 2, a message naming the field, and writes nothing',
    async ([, args, message]) => {
      const before = [await count(db, 'fleet_sites'), await count(db, 'fleet_stations')];
      const r = await runChargenet(
        args.map((a) => (a === 'SITE' ? siteId : a)),
        env,
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect([await count(db, 'fleet_sites'), await count(db, 'fleet_stations')]).toEqual(before);
    },
  );

  it('prints errors as JSON on stderr with --json', async () => {
    const r = await runChargenet(['stations', 'add', '--site', 'sit_nope', '--slots', '4', '--json'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'FLEET_SITE_NOT_FOUND' } });
  });

  it('explains a bad configuration readably, naming every bad variable, with exit code 2', async () => {
    const r = await runChargenet(['sites', 'add', ...SITE], { DATABASE_URL: 'oracle://db', PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid configuration');
    expect(r.stderr).toContain('DATABASE_URL: must start with sqlite:, postgres:// or mysql://');
    expect(r.stderr).toMatch(/PORT: .*"eighty"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails with exit code 1 when the database cannot be reached', async () => {
    const r = await runChargenet(['migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*ECONNREFUSED/m);
  });

  it('seeds the demo network once: running it again creates nothing', async () => {
    const first = await runChargenet(['seed', '--demo', '--json'], env);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.sites.created).toBeGreaterThanOrEqual(10);
    expect(report.stations.created).toBeGreaterThanOrEqual(25);
    expect(report.powerBanks.stocked).toBe(report.powerBanks.created);
    const counts = [
      await count(db, 'fleet_sites'),
      await count(db, 'fleet_stations'),
      await count(db, 'fleet_power_banks'),
    ];
    const second = JSON.parse((await runChargenet(['seed', '--demo', '--json'], env)).stdout);
    expect(second).toMatchObject({
      sites: { created: 0, existing: report.sites.created },
      stations: { created: 0, existing: report.stations.created },
      powerBanks: { created: 0, stocked: 0 },
    });
    expect([
      await count(db, 'fleet_sites'),
      await count(db, 'fleet_stations'),
      await count(db, 'fleet_power_banks'),
    ]).toEqual(counts);
    const noFlag = await runChargenet(['seed'], env);
    expect(noFlag.code).toBe(2);
    expect(noFlag.stderr).toContain('--demo');
  });
});

describe.skipIf(!testDialects().includes('postgres'))('chargenet CLI on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase('postgres');
  });
  afterAll(() => database?.drop());

  it('provisions a site, a station (hashed secret) and power banks from CSV', async () => {
    const env = { DATABASE_URL: database.url };
    const site = JSON.parse((await runChargenet(['sites', 'add', ...SITE, '--json'], env)).stdout);
    const r = await runChargenet(['stations', 'add', '--site', site.id, '--slots', '12', '--json'], env);
    expect(r.code).toBe(0);
    const { station, secret } = JSON.parse(r.stdout);
    const db = database.db as Kysely<FleetTables>;
    const cred = await db
      .selectFrom('fleet_station_credentials')
      .select('secret_hash')
      .where('station_id', '=', station.id)
      .executeTakeFirstOrThrow();
    expect(cred.secret_hash).toBe(hashSecret(secret));
    const bad = csv('pg-bad.csv', [
      'id,capacityMah,batteryPct,healthPct',
      'PG-1,5000,50,90',
      'PG-2,5000,50,900',
    ]);
    expect((await runChargenet(['power-banks', 'import', bad], env)).code).toBe(2);
    expect(await count(db, 'fleet_power_banks')).toBe(0);
    const good = csv('pg-good.csv', [
      'id,capacityMah,batteryPct,healthPct',
      'PG-1,5000,50,90',
      'PG-2,5000,50,90',
    ]);
    expect((await runChargenet(['power-banks', 'import', good], env)).code).toBe(0);
    expect(await count(db, 'fleet_power_banks')).toBe(2);
  });
});
