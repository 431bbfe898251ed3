import type { Command } from 'commander';
import { systemClock } from '../kernel/clock.js';
import { prepareSimulatedStations } from '../modules/fleet/index.js';
import type { SimulatedFleetStats } from '../simulator/index.js';
import {
  configOf,
  output,
  untilSignal,
  withFleet,
  type CliContext,
  type OutputOptions,
} from './cli.context.js';
import { CliInputError, intOption, numberOption } from './cli.errors.js';

type Run = (action: () => Promise<void>) => Promise<void>;

interface SimulateOptions extends OutputOptions {
  stations: number;
  mqttUrl?: string;
  duplicates: number;
  ignoreExpiry?: boolean;
  offlineRate: number;
  faultRate: number;
  ejectFailureRate: number;
  seed: number;
  timeScale: number;
  statsEvery: number;
}

const STATS_EVERY_S = 30;

function statsLine(s: SimulatedFleetStats): string {
  return `${new Date().toISOString()} ${s.connected}/${s.stations} connected, ${s.published} published (${s.duplicates} duplicates), ${s.buffered} queued offline, ${s.lateDelivered} delivered late, ${s.commands} commands`;
}

/** `simulate`: N stations speaking the real protocol to a running platform's broker, until Ctrl-C. */
export function registerSimulateCommand(program: Command, ctx: CliContext, run: Run): void {
  program
    .command('simulate')
    .description(
      'run N simulated stations against the broker until Ctrl-C; reuses demo and SIM#### stations (rotating their secrets) and provisions more as needed',
    )
    .requiredOption('--stations <n>', 'how many stations', intOption(1, 100_000))
    .option(
      '--mqtt-url <url>',
      'broker to connect to (default: MQTT_URL, else the embedded broker on MQTT_BROKER_PORT)',
    )
    .option('--duplicates <rate>', 'chance that a QoS 1 message is sent twice (0-1)', numberOption(0, 1), 0)
    .option('--ignore-expiry', 'execute commands even after their expiresAt, like some firmware in the field')
    .option(
      '--offline-rate <perHour>',
      'chance per station per simulated hour of dropping off the network',
      numberOption(0),
      0,
    )
    .option(
      '--fault-rate <perHour>',
      'chance per slot per simulated hour of a slot fault',
      numberOption(0),
      0,
    )
    .option(
      '--eject-failure-rate <rate>',
      'chance that an eject fails mechanically (0-1)',
      numberOption(0, 1),
      0,
    )
    .option('--seed <n>', 'random seed: the same seed makes the same choices', intOption(0, 2 ** 32 - 1), 1)
    .option(
      '--time-scale <x>',
      'simulated time per real time (charging, faults, inventories)',
      numberOption(0.001, 3600),
      1,
    )
    .option(
      '--stats-every <s>',
      'print a status line every s seconds (0: never)',
      intOption(0),
      STATS_EVERY_S,
    )
    .option('--json', 'print status lines and the final summary as JSON')
    .action((opts: SimulateOptions) =>
      run(async () => {
        const config = configOf(ctx);
        const { reachableHost } = await import('../app/platform.js');
        const { SimulatedFleet } = await import('../simulator/index.js');
        const url =
          opts.mqttUrl ??
          config.MQTT_URL ??
          `mqtt://${reachableHost(config.MQTT_BROKER_HOST)}:${config.MQTT_BROKER_PORT}`;
        if (!/^(mqtts?|wss?|tcp):\/\/[^/\s]+/.test(url)) {
          throw new CliInputError(
            `--mqtt-url: must be an mqtt://, mqtts://, ws:// or wss:// URL (got "${url}")`,
          );
        }
        const plans = await withFleet(ctx, ({ fleet, database }) =>
          prepareSimulatedStations({ fleet, database, clock: systemClock }, opts.stations),
        );
        const fleet = new SimulatedFleet(plans, {
          url,
          prefix: config.MQTT_TOPIC_PREFIX,
          seed: opts.seed,
          timeScale: opts.timeScale,
          duplicateRate: opts.duplicates,
          ignoreExpiry: opts.ignoreExpiry === true,
          offlineRate: opts.offlineRate,
          faultRate: opts.faultRate,
          ejectFailureRate: opts.ejectFailureRate,
          heartbeatSeconds: config.HEARTBEAT_SECONDS,
          takeTimeoutSeconds: config.TAKE_TIMEOUT_SECONDS,
          onError: (err) => ctx.stderr.write(`simulator: ${err.message}\n`),
        });
        await fleet.start();
        if (!opts.json) {
          ctx.stdout.write(
            `Simulating ${plans.length} stations against ${url} (seed ${opts.seed}, time ×${opts.timeScale}). Ctrl-C to stop.\n`,
          );
        }
        const timer =
          opts.statsEvery > 0
            ? setInterval(
                () => output(ctx, opts, fleet.stats(), statsLine(fleet.stats())),
                opts.statsEvery * 1000,
              )
            : undefined;
        try {
          await untilSignal(ctx.signal);
        } finally {
          if (timer) clearInterval(timer);
          await fleet.stop();
        }
        output(ctx, opts, { stopped: true, ...fleet.stats() }, `Stopped. ${statsLine(fleet.stats())}`);
      }),
    );
}
