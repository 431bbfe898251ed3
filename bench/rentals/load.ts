import { SimulatedFleet } from '../../src/simulator/index.js';
import { keepAliveHttp } from '../../src/simulator/rider-http.js';
import { SimulatedRider } from '../../src/simulator/riders.js';
import { cpuMeter, type CpuSample } from './cpu.js';
import { CycleDriver } from './cycles.js';
import { Channel } from './ipc.js';
import { closedLoop, openLoop } from './phases.js';
import type { TimedProgress } from './progress.js';
import type { LoadSetup } from './world.js';

/**
 * The load process of the rentals benchmark, forked by run.ts (which hosts the platform): the simulated
 * stations (one `SimulatedFleet`, real MQTT to the platform's embedded broker), the riders (real HTTP)
 * and the cycle driver with its phases. It acts only when the platform process calls it:
 * `startFleet` → `signUp` → `closedLoop` / `openLoop` … → `summary` → `stop`. The platform passes on
 * the progress of each cycle from its bus (`progress` notes) and its own CPU when asked (`cpu`).
 */
if (!process.send) throw new Error('load.ts is the child of run.ts: start it with child_process.fork');
const channel = new Channel({
  send: (message) => process.send!(message),
  onMessage: (listener) => process.on('message', listener),
});
let fleet: SimulatedFleet | undefined;
let setup: LoadSetup | undefined;
let driver: CycleDriver | undefined;
const meter = cpuMeter(() => channel.call<CpuSample>('cpu'));

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

channel.handle('startFleet', async (given: LoadSetup) => {
  setup = given;
  fleet = new SimulatedFleet(given.specs, {
    url: given.brokerUrl,
    prefix: given.prefix,
    tickMs: given.settings.stationTickMs,
    takeProbability: 1,
    takeDelayMs: given.settings.takeDelayMs,
    ejectFailureRate: 0,
    duplicateRate: 0,
    faultRate: 0,
    offlineRate: 0,
    heartbeatSeconds: given.heartbeatSeconds,
    takeTimeoutSeconds: given.takeTimeoutSeconds,
    connectConcurrency: 20,
  });
  await fleet.start();
});

// Setup, not measured: riders sign up over HTTP (the code read from the platform's development
// outbox over IPC) and save a card. Answers the riders' ids, for the checks after the run.
channel.handle('signUp', async () => {
  if (!setup || !fleet) throw new Error('signUp before startFleet');
  const { baseUrl } = setup;
  // node:http over kept-alive sockets: less of this process's CPU per request than fetch (rider-http.ts).
  const http = keepAliveHttp();
  const riders = Array.from(
    { length: setup.settings.riders },
    (_, i) => new SimulatedRider({ baseUrl, email: `bench-rider-${i}@example.test`, http }),
  );
  await inBatches(riders, 16, async (rider) => {
    await rider.signUp((to) => channel.call<string | undefined>('latestMessage', to));
    await rider.addTestCard();
  });
  driver = new CycleDriver({ fleet, stations: setup.stations, riders });
  return riders.map((r) => r.riderId);
});

// Stamps are the platform's epoch ms; both processes read the same system clock, so subtracting this
// process's time origin puts them on its performance.now() clock, next to the cycle's own stamps.
channel.handle('progress', (batch: TimedProgress[]) => {
  for (const [kind, key, state, atEpochMs] of batch) {
    driver?.record([kind, key, state], atEpochMs - performance.timeOrigin);
  }
});

const ready = () => {
  if (!driver) throw new Error('no riders yet: call signUp first');
  return driver;
};

channel.handle('closedLoop', (a: { concurrency: number; warmupMs: number; measureMs: number }) =>
  closedLoop(ready(), a.concurrency, a.warmupMs, a.measureMs, meter),
);
channel.handle('openLoop', (a: { ratePerSecond: number; durationMs: number }) =>
  openLoop(ready(), a.ratePerSecond, a.durationMs, meter),
);
channel.handle('summary', () => ({
  completedIds: ready().completedIds,
  errors: Object.fromEntries(ready().errors),
}));
channel.handle('stop', async () => {
  await fleet?.stop();
});
// The platform process disconnects after `stop` (or is gone): nothing left to load. Exiting here rather
// than after answering `stop` lets that answer leave before the process ends.
process.on('disconnect', () => process.exit(0));
