import type { Command } from 'commander';
import { connectDatabase, migrateToLatest } from '../kernel/db/index.js';
import { systemClock } from '../kernel/clock.js';
import { seedDemoData } from '../app/seed.js';
import { allMigrations } from '../app/migrations.js';
import { configOf, output, withFleet, type CliContext, type OutputOptions } from './cli.context.js';
import { CliInputError } from './cli.errors.js';

type Run = (action: () => Promise<void>) => Promise<void>;

/** `migrate` and `seed`: bring the schema up to date, load demo data. */
export function registerDatabaseCommands(program: Command, ctx: CliContext, run: Run): void {
  program
    .command('migrate')
    .description('bring the database schema (DATABASE_URL) up to date')
    .option('--json', 'print {applied} as JSON')
    .action((opts: OutputOptions) =>
      run(async () => {
        const config = configOf(ctx);
        const database = connectDatabase(config.DATABASE_URL, 1);
        try {
          const { applied } = await migrateToLatest(database, ...allMigrations);
          output(
            ctx,
            opts,
            { applied },
            applied.length > 0
              ? `Applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}`).join('\n')}`
              : 'The database is up to date.',
          );
        } finally {
          await database.destroy();
        }
      }),
    );

  program
    .command('seed')
    .description('load data into the database (migrating it first)')
    .option(
      '--demo',
      'the demo network: sites in 7 cities, ~30 stations, stocked power banks, prices per country (idempotent)',
    )
    .option('--json', 'print what was created as JSON')
    .action((opts: OutputOptions & { demo?: boolean }) =>
      run(async () => {
        if (!opts.demo) throw new CliInputError('say what to seed: --demo (the demo network)');
        const report = await withFleet(ctx, ({ fleet, database }) =>
          seedDemoData({ fleet, database, clock: systemClock }),
        );
        output(
          ctx,
          opts,
          report,
          [
            `Demo network: ${report.sites.created} site(s) created, ${report.sites.existing} already there;`,
            `${report.stations.created} station(s) created, ${report.stations.existing} already there;`,
            `${report.powerBanks.created} power bank(s) registered, ${report.powerBanks.stocked} slot(s) stocked;`,
            `${report.pricing.regions.created} pricing region(s) and ${report.pricing.tariffs.created} tariff(s) created.`,
          ].join(' '),
        );
      }),
    );
}
