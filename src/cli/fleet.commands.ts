import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError, isAppError } from '../kernel/errors.js';
import type { OpeningHours } from '../modules/fleet/index.js';
import { output, withFleet, type CliContext, type OutputOptions } from './cli.context.js';
import { CliInputError, intOption, numberOption } from './cli.errors.js';
import { formatProblem, parsePowerBankCsv, type CsvProblem } from './power-banks.csv.js';

/**
 * Scriptable fleet provisioning: sites, stations (with their one-time secret) and power banks, one by
 * one or from a CSV file. Every command validates before writing and writes all or nothing.
 */
type Run = (action: () => Promise<void>) => Promise<void>;

/** Names the CLI option a field came from, so `site.timeZone: …` reads `--tz: …`. */
function renameFields(err: unknown, options: Record<string, string>): unknown {
  if (!isAppError(err)) return err;
  let message = err.message;
  for (const [field, option] of Object.entries(options)) {
    message = message.replace(new RegExp(`^\\w+\\.${field}(?=[:.\\s])`), option);
  }
  return message === err.message ? err : new AppError(err.code, message, err.status, err.details);
}

function parseOpeningHours(value: string): OpeningHours | null {
  if (value === 'always') return null;
  try {
    return JSON.parse(value) as OpeningHours;
  } catch {
    throw new CliInputError(`--opening-hours: must be JSON like {"mon":[["09:00","18:00"]]} or "always"`);
  }
}

const SITE_OPTIONS = {
  id: '--id',
  name: '--name',
  address: '--address',
  city: '--city',
  country: '--country',
  timeZone: '--tz',
  lat: '--lat',
  lng: '--lng',
  openingHours: '--opening-hours',
};

/** Registers `sites add`, `stations add|rotate-secret` and `power-banks add|import`. */
export function registerFleetCommands(program: Command, ctx: CliContext, run: Run): void {
  const sites = program.command('sites').description('venues where stations stand');
  sites
    .command('add')
    .description('add a site')
    .requiredOption('--name <name>', 'venue name')
    .requiredOption('--address <address>', 'street address')
    .requiredOption('--city <city>', 'city')
    .requiredOption('--country <code>', 'ISO 3166-1 alpha-2 country code, e.g. GB')
    .requiredOption('--tz <zone>', 'IANA time zone, e.g. Europe/London')
    .requiredOption('--lat <deg>', 'latitude', numberOption())
    .requiredOption('--lng <deg>', 'longitude', numberOption())
    .option('--opening-hours <json>', 'JSON {"mon":[["09:00","18:00"]],…} or "always" (default)')
    .option('--id <id>', 'use this site id (sit_…) instead of a generated one')
    .option('--json', 'print the site as JSON')
    .action((opts: OutputOptions & Record<string, string | number>) =>
      run(async () => {
        const input = {
          ...(opts.id ? { id: opts.id } : {}),
          name: opts.name,
          address: opts.address,
          city: opts.city,
          country: opts.country,
          timeZone: opts.tz,
          lat: opts.lat,
          lng: opts.lng,
          openingHours: opts.openingHours ? parseOpeningHours(String(opts.openingHours)) : null,
        };
        const site = await withFleet(ctx, ({ fleet }) =>
          fleet.provisioning.addSite(input).catch((err: unknown) => {
            throw renameFields(err, SITE_OPTIONS);
          }),
        );
        output(
          ctx,
          opts,
          site,
          `Added site ${site.id}: ${site.name}, ${site.city} (${site.country}, ${site.timeZone})`,
        );
      }),
    );

  const stations = program.command('stations').description('charging stations');
  stations
    .command('add')
    .description('provision a station; prints its secret once (only a hash is stored)')
    .requiredOption('--site <id>', 'the site it stands at')
    .requiredOption('--slots <n>', 'number of slots (1-128)', intOption(1, 128))
    .option('--code <code>', 'QR sticker code (4-16 of A-Z, 0-9); generated when absent')
    .option('--id <id>', 'station id, e.g. a hardware serial; generated (stn_…) when absent')
    .option('--json', 'print {station, secret} as JSON')
    .action((opts: OutputOptions & { site: string; slots: number; code?: string; id?: string }) =>
      run(async () => {
        const input = {
          siteId: opts.site,
          slotCount: opts.slots,
          ...(opts.code ? { code: opts.code } : {}),
          ...(opts.id ? { id: opts.id } : {}),
        };
        const provisioned = await withFleet(ctx, ({ fleet }) =>
          fleet.provisioning.addStation(input).catch((err: unknown) => {
            throw renameFields(err, { siteId: '--site', slotCount: '--slots', code: '--code', id: '--id' });
          }),
        );
        const { station, secret } = provisioned;
        output(
          ctx,
          opts,
          provisioned,
          [
            `Provisioned station ${station.id} (code ${station.code}) at site ${station.siteId} with ${station.slotCount} slots.`,
            `Station secret (shown once, only its hash is stored): ${secret}`,
          ].join('\n'),
        );
      }),
    );
  stations
    .command('rotate-secret <stationId>')
    .description('issue a new secret for a station; the old one stops working')
    .option('--json', 'print {stationId, secret} as JSON')
    .action((stationId: string, opts: OutputOptions) =>
      run(async () => {
        const secret = await withFleet(ctx, ({ fleet }) => fleet.provisioning.rotateSecret(stationId));
        output(ctx, opts, { stationId, secret }, `New secret for ${stationId} (shown once): ${secret}`);
      }),
    );

  const banks = program.command('power-banks').description('power banks');
  banks
    .command('add <id>')
    .description('register one power bank (it starts in the warehouse)')
    .option('--capacity <mAh>', 'capacity in mAh (500-50000)', intOption(500, 50_000))
    .option('--battery <pct>', 'battery level %', intOption(0, 100))
    .option('--health <pct>', 'battery health %', intOption(0, 100))
    .option('--cycles <n>', 'charge cycles so far', intOption(0))
    .option('--json', 'print the power bank as JSON')
    .action(
      (
        id: string,
        opts: OutputOptions & { capacity?: number; battery?: number; health?: number; cycles?: number },
      ) =>
        run(async () => {
          const input = {
            id,
            ...(opts.capacity !== undefined ? { capacityMah: opts.capacity } : {}),
            ...(opts.battery !== undefined ? { batteryPct: opts.battery } : {}),
            ...(opts.health !== undefined ? { healthPct: opts.health } : {}),
            ...(opts.cycles !== undefined ? { cycleCount: opts.cycles } : {}),
          };
          const bank = await withFleet(ctx, async ({ fleet }) => {
            await fleet.provisioning.addPowerBanks([input]).catch((err: unknown) => {
              throw renameFields(err, { id: '<id>' });
            });
            return (await fleet.stations.findPowerBank(id))!;
          });
          output(
            ctx,
            opts,
            bank,
            `Registered power bank ${bank.id} (${bank.capacityMah} mAh, battery ${bank.batteryPct} %, health ${bank.healthPct} %) in the warehouse.`,
          );
        }),
    );
  banks
    .command('import <file>')
    .description(
      'register power banks from a CSV file (header id,capacityMah,batteryPct,healthPct); all or nothing',
    )
    .option('--json', 'print {imported, ids} as JSON')
    .action((file: string, opts: OutputOptions) =>
      run(async () => {
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch (err) {
          throw new CliInputError(
            `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
          );
        }
        const { rows, problems } = parsePowerBankCsv(text);
        if (problems.length === 0 && rows.length === 0)
          throw new CliInputError(`${file} has no power banks to import`);
        const ids = await withFleet(ctx, async ({ fleet }) => {
          const existing = new Set(await fleet.stations.findExistingPowerBankIds(rows.map((r) => r.bank.id)));
          const all: CsvProblem[] = [
            ...problems,
            ...rows
              .filter((r) => existing.has(r.bank.id))
              .map((r) => ({ line: r.line, field: 'id', message: `${r.bank.id} is already registered` })),
          ].sort((a, b) => a.line - b.line);
          if (all.length > 0) {
            const shown = all.slice(0, 20).map(formatProblem);
            if (all.length > 20) shown.push(`… and ${all.length - 20} more`);
            throw new CliInputError(`${file}: ${all.length} problem(s); nothing was imported`, shown);
          }
          await fleet.provisioning.addPowerBanks(rows.map((r) => r.bank));
          return rows.map((r) => r.bank.id);
        });
        output(ctx, opts, { imported: ids.length, ids }, `Imported ${ids.length} power banks from ${file}.`);
      }),
    );
}
