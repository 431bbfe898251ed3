import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DialectName } from '../../src/kernel/db/index.js';
import { reachable, SERVERS } from '../../test/helpers/servers.js';
import { ownCpu, type CpuFigures, type CpuSplit } from './cpu.js';
import { WATCHED_RENTAL_STATES } from './cycles.js';
import { Channel } from './ipc.js';
import type { LevelFigures, OpenLoopFigures } from './phases.js';
import { forwardProgress } from './progress.js';
import { renderMarkdown, TARGETS, type DialectFigures, type RentalsReport } from './report.js';
import { verify } from './verify.js';
import { startBenchWorld, type BenchWorld, type WorldSettings } from './world.js';

/**
 * `npm run bench:rentals` — complete rental cycles (rent → active → return → captured) per second at
 * saturation, and rent → active latency at 50 cycles/s offered, on SQLite and PostgreSQL side by side.
 * The platform and its embedded broker run in this process; the simulated stations (real MQTT) and
 * riders (real HTTP) in a forked load process (load.ts), so this process's CPU is the platform's alone.
 * Figures go to bench/reports/rentals.{md,json}; BENCH_QUICK=1 is a smoke run of a few seconds per
 * dialect that writes its report to the temp directory instead. Knobs: see bench/README.md.
 */
const QUICK = process.env.BENCH_QUICK === '1';
const env = (name: string, full: string, quick: string) => process.env[name] ?? (QUICK ? quick : full);
const num = (name: string, full: number, quick: number) => Number(env(name, String(full), String(quick)));
const list = (value: string) => value.split(',').map((x) => x.trim());

const DIALECTS = list(env('BENCH_RENTAL_DIALECTS', 'sqlite,postgres', 'sqlite,postgres')) as DialectName[];
const WORLD: WorldSettings = {
  stations: num('BENCH_RENTAL_STATIONS', 200, 30),
  slotsPerStation: num('BENCH_RENTAL_SLOTS', 8, 8),
  stockedPerStation: num('BENCH_RENTAL_STOCKED', 4, 4),
  riders: num('BENCH_RENTAL_RIDERS', 400, 40),
  takeDelayMs: list(env('BENCH_RENTAL_TAKE_MS', '5,20', '5,20')).map(Number) as [number, number],
  stationTickMs: num('BENCH_RENTAL_TICK_MS', 5, 5),
};
const LEVELS = list(env('BENCH_RENTAL_CONCURRENCY', '8,16,32,64,128,256', '4,16')).map(Number);
const WARMUP_MS = num('BENCH_RENTAL_WARMUP_SECONDS', 3, 1) * 1000;
const LEVEL_MS = num('BENCH_RENTAL_SECONDS', 10, 3) * 1000;
const RATE = num('BENCH_RENTAL_RATE', TARGETS.offeredPerSecond, TARGETS.offeredPerSecond);
const LATENCY_MS = num('BENCH_RENTAL_LATENCY_SECONDS', 15, 3) * 1000;

const log = (...args: unknown[]) =>
  console.log(`[bench:rentals ${new Date().toISOString().slice(11, 19)}]`, ...args);

/**
 * Forks the load process and serves what it asks of the platform: its CPU (for the measured windows)
 * and the riders' sign-in codes; passes on the progress of every cycle from the bus.
 */
function startLoad(world: BenchWorld) {
  const child = fork(join(import.meta.dirname, 'load.ts'), [], { execArgv: ['--import', 'tsx'] });
  const channel = new Channel({
    send: (message) => child.send(message),
    onMessage: (listener) => child.on('message', listener),
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      channel.close(new Error(`the load process exited (${signal ?? `code ${code}`})`));
      resolve();
    }),
  );
  child.on('error', (err) => console.error('load process:', err));
  channel.handle('cpu', () => ownCpu());
  channel.handle('latestMessage', (to: string) => world.latestMessage(to));
  const stopForwarding = forwardProgress(world.platform.bus, WATCHED_RENTAL_STATES, (batch) =>
    channel.note('progress', batch),
  );
  let stopped: Promise<void> | undefined;
  return {
    channel,
    /** Stops the simulated stations (they disconnect cleanly) and waits for the process to end. */
    stop: () =>
      (stopped ??= (async () => {
        stopForwarding();
        if (child.connected) {
          await channel.call('stop').catch((err: unknown) => console.error('stopping the load:', err));
          child.disconnect();
        }
        await exited;
      })()),
  };
}

const cpuText = (pct: CpuSplit, perCycle: CpuSplit, cpu: CpuFigures) =>
  `CPU ms/cycle platform ${perCycle.platform}, load ${perCycle.load}, postgres ${perCycle.postgres} ` +
  `(${pct.platform}% / ${pct.load}% / ${pct.postgres}%), load avg ${cpu.loadAverage}`;

async function benchDialect(dialect: DialectName): Promise<DialectFigures> {
  if (dialect === 'postgres' && !(await reachable(SERVERS.postgres, 5432))) {
    const why = `PostgreSQL is not reachable at ${new URL(SERVERS.postgres).host}`;
    console.warn(`\n!!! ${why}: SKIPPING the PostgreSQL run !!!\n`);
    return { dialect, skipped: why };
  }
  if (dialect === 'mysql' && !(await reachable(SERVERS.mysql, 3306))) {
    console.warn('\n!!! MySQL is not reachable: SKIPPING the MySQL run !!!\n');
    return { dialect, skipped: 'MySQL is not reachable' };
  }
  log(`${dialect}: setting up ${WORLD.stations} stations and ${WORLD.riders} riders`);
  const t0 = performance.now();
  const world = await startBenchWorld(dialect, WORLD);
  const load = startLoad(world);
  try {
    await load.channel.call('startFleet', world.load);
    await world.stationsReady();
    const riderIds = await load.channel.call<string[]>('signUp');
    const setupMs = performance.now() - t0;
    log(`${dialect}: ready in ${(setupMs / 1000).toFixed(1)} s`);
    const curve: LevelFigures[] = [];
    let best: LevelFigures | undefined;
    let flat = 0;
    for (const concurrency of LEVELS) {
      const level = await load.channel.call<LevelFigures>('closedLoop', {
        concurrency,
        warmupMs: WARMUP_MS,
        measureMs: LEVEL_MS,
      });
      curve.push(level);
      log(
        `${dialect}: ${concurrency} concurrent → ${level.cyclesPerSecond} cycles/s, ` +
          `active p50 ${level.activeMs.p50} ms p99 ${level.activeMs.p99} ms, errors ${level.errors}, ` +
          cpuText(level.cpu.pct, level.cpuMsPerCycle, level.cpu),
      );
      if (!best || level.cyclesPerSecond > best.cyclesPerSecond * 1.05) {
        best = level;
        flat = 0;
      } else if (++flat >= 2) break; // two levels in a row without a real gain: saturated
    }
    log(`${dialect}: open loop at ${RATE}/s for ${LATENCY_MS / 1000} s`);
    const latency = await load.channel.call<OpenLoopFigures>('openLoop', {
      ratePerSecond: RATE,
      durationMs: LATENCY_MS,
    });
    log(
      `${dialect}: ${latency.completed} cycles, rent → active p50 ${latency.activeMs.p50} ms ` +
        `p99 ${latency.activeMs.p99} ms, errors ${latency.errors}, skipped ${latency.skipped}, ` +
        cpuText(latency.cpu.pct, latency.cpuMsPerCycle, latency.cpu),
    );
    const { completedIds, errors } = await load.channel.call<{
      completedIds: string[];
      errors: Record<string, number>;
    }>('summary');
    await load.stop();
    const verification = await verify(world, riderIds, completedIds);
    return {
      dialect,
      setupSeconds: Math.round(setupMs / 100) / 10,
      curve,
      saturation: curve.reduce((a, b) => (b.cyclesPerSecond > a.cyclesPerSecond ? b : a)),
      latency,
      errors,
      verification,
    };
  } finally {
    await load.stop();
    await world.close();
  }
}

async function main(): Promise<void> {
  const report: RentalsReport = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverageAtStart: loadavg(),
    },
    settings: {
      ...WORLD,
      concurrencyLevels: LEVELS,
      warmupSeconds: WARMUP_MS / 1000,
      secondsPerLevel: LEVEL_MS / 1000,
      offeredPerSecond: RATE,
      latencySeconds: LATENCY_MS / 1000,
      processes:
        'platform + embedded broker in the main process; stations and riders in a forked load process',
      progress:
        'rental.status_changed and fleet.power_bank.removed on the platform bus, stamped there and passed to the load process over IPC',
    },
    dialects: [],
  };
  for (const dialect of DIALECTS) report.dialects.push(await benchDialect(dialect));

  const dir = QUICK
    ? mkdtempSync(join(tmpdir(), 'chargenet-bench-rentals-'))
    : join(import.meta.dirname, '..', 'reports');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'rentals.json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(join(dir, 'rentals.md'), renderMarkdown(report));
  log(`report written to ${join(dir, 'rentals.md')}`);
  console.log('\n' + renderMarkdown(report));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
