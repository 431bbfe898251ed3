import type { Command } from 'commander';
import { createProcessLogger } from '../app/logging.js';
import type { SimulatedFleet } from '../simulator/index.js';
import { configOf, untilSignal, type CliContext } from './cli.context.js';
import { numberOption } from './cli.errors.js';
import { startBanner } from './start.banner.js';

type Run = (action: () => Promise<void>) => Promise<void>;

// Loaded on demand: the server stack (Fastify, aedes, the simulator) is not needed by the provisioning commands.
const serverStack = async () => ({
  ...(await import('../app/platform.js')),
  ...(await import('../app/demo.js')),
  ...(await import('../app/simulation.js')),
  ...(await import('../app/seed.js')),
  ...(await import('../modules/fleet/index.js')),
});

/** `serve` (the roles in ROLES, for real deployments) and `start` (everything in one process, with the demo). */
export function registerServerCommands(program: Command, ctx: CliContext, run: Run): void {
  program
    .command('serve')
    .description('run the platform with the roles in ROLES (api, gateway, worker) until Ctrl-C / SIGTERM')
    .action(() =>
      run(async () => {
        const config = configOf(ctx);
        const { createPlatform, seedDemoData, simulateStations, prepareSimulatedStations } =
          await serverStack();
        const logger = createProcessLogger(config.LOG_LEVEL, 'stdout');
        const platform = await createPlatform({ config, logger });
        let fleet: SimulatedFleet | undefined;
        try {
          const deps = { fleet: platform.fleet, database: platform.database, clock: platform.clock };
          if (config.SEED_DEMO) await seedDemoData(deps);
          await platform.start();
          if (config.SIMULATE_STATIONS > 0) {
            fleet = await simulateStations(
              platform,
              await prepareSimulatedStations(deps, config.SIMULATE_STATIONS),
            );
          }
          await untilSignal(ctx.signal);
        } finally {
          await fleet?.stop();
          await platform.stop();
        }
      }),
    );

  program
    .command('start')
    .description(
      'what `npm start` runs: migrate, seed the demo network if empty, run everything plus a simulated fleet',
    )
    .option(
      '--time-scale <x>',
      'simulated time per real time for charging and faults',
      numberOption(0.01, 3600),
      60,
    )
    .option('--no-simulator', 'do not run the simulated fleet')
    .action((opts: { timeScale: number; simulator: boolean }) =>
      run(async () => {
        const config = configOf(ctx);
        const { startDemo } = await serverStack();
        // The banner is the interface here; logs stay quiet unless LOG_LEVEL asks for more.
        const logger = createProcessLogger(ctx.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', 'stdout');
        const demo = await startDemo({
          config,
          logger,
          simulate: opts.simulator,
          simulation: { timeScale: opts.timeScale },
        });
        try {
          ctx.stdout.write(startBanner(demo, opts.timeScale));
          await untilSignal(ctx.signal);
          ctx.stdout.write('Stopping…\n');
        } finally {
          await demo.stop();
        }
        ctx.stdout.write('Stopped.\n');
      }),
    );
}
