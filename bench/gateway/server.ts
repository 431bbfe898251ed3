import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import { systemClock } from '../../src/kernel/clock.js';
import { loadConfig } from '../../src/kernel/config.js';
import { connectDatabase } from '../../src/kernel/db/index.js';
import { EventBus } from '../../src/kernel/events.js';
import { createLogger } from '../../src/kernel/logger.js';
import { createFleetModule, type FleetEvents } from '../../src/modules/fleet/index.js';
import { startGateway } from '../../src/gateway/index.js';

/**
 * The server side of the gateway benchmark, run as a child process so its memory and CPU are its own.
 * Mode `raw`: the bare embedded broker (aedes) with a trivial in-process subscriber that only counts.
 * Mode `gateway`: the platform's gateway on the same broker (auth, ACL, validation, dedup, handlers).
 * Talks to the parent over IPC: replies to 'stats' with a processed count and memory figures.
 */
const mode = process.argv[2] as 'raw' | 'gateway';

function cpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}
const prefix = 'bench/v1';

/**
 * Garbage in every isolate is collected before memory is read, so both scenarios are measured alike:
 * the raw relay's broker lives in the main isolate, the gateway's in its broker thread's own. The JS
 * heap counts every isolate.
 */
async function memory(target: Target) {
  globalThis.gc?.();
  const other = await target.otherHeapBytes(true);
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed + other, external: m.external, arrayBuffers: m.arrayBuffers };
}

interface Target {
  port: number;
  processed: () => number;
  connected: () => number;
  detail: () => Record<string, unknown>;
  /** Busy and idle milliseconds so far of each thread that handles station traffic. */
  threads: () => Record<string, { activeMs: number; idleMs: number }>;
  /** JS heap in use by the server's other isolates (threads), garbage collected first when asked. */
  otherHeapBytes: (collect: boolean) => Promise<number>;
}

function mainThread(): { activeMs: number; idleMs: number } {
  const { active, idle } = performance.eventLoopUtilization();
  return { activeMs: active, idleMs: idle };
}

async function startRaw(): Promise<Target> {
  const broker = await Aedes.createBroker();
  let count = 0;
  await new Promise<void>((resolve) =>
    broker.subscribe(
      `${prefix}/stations/+/+`,
      (_packet, cb) => {
        count += 1;
        cb();
      },
      resolve,
    ),
  );
  const server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    processed: () => count,
    connected: () => broker.connectedClients,
    detail: () => ({}),
    threads: () => ({ main: mainThread() }),
    otherHeapBytes: () => Promise.resolve(0),
  };
}

async function startPlatformGateway(dbUrl: string): Promise<Target> {
  const config = loadConfig({
    DATABASE_URL: dbUrl,
    MQTT_BROKER_HOST: '127.0.0.1',
    MQTT_BROKER_PORT: '0',
    MQTT_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    ROLES: 'gateway',
  });
  const logger = createLogger('warn', 'bench');
  const database = connectDatabase(config.DATABASE_URL);
  const bus = new EventBus<FleetEvents>(logger);
  const fleet = createFleetModule({ database, clock: systemClock, config, bus, logger });
  const gateway = await startGateway({ config, fleet, bus, clock: systemClock, logger });
  // Presence flushing and sweeps run on the gateway's own timer (GATEWAY_TICK_MS), as in production.
  return {
    port: gateway.brokerPort ?? 0,
    processed: () => gateway.stats().processed,
    connected: () => gateway.stats().connectedStations,
    otherHeapBytes: async (collect) => (await gateway.brokerHeap(collect))?.usedBytes ?? 0,
    threads: () => {
      const thread = gateway.stats().broker.thread;
      return { main: mainThread(), ...(thread ? { broker: thread } : {}) };
    },
    detail: () => {
      const { messages } = gateway.stats();
      return {
        applied: messages.applied,
        duplicate: messages.duplicate,
        rejected: messages.rejected,
        failed: messages.failed,
        queued: messages.queued,
      };
    },
  };
}

// BENCH_PROFILE=<dir>: a CPU profile of the measured window only (not of connecting and hellos).
let profiler: Session | undefined;
async function profileStart(): Promise<void> {
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
async function profileStop(): Promise<void> {
  if (!profiler) return;
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(
    join(process.env.BENCH_PROFILE!, `${mode}-${Date.now()}.cpuprofile`),
    JSON.stringify(profile),
  );
  profiler.disconnect();
}

const target = mode === 'raw' ? await startRaw() : await startPlatformGateway(process.argv[3]!);
const baseline = await memory(target);

// The processed count is sampled with its own timestamp, so a reply delayed by a busy event loop still
// yields a true rate: the parent computes throughput from these pairs, not from when replies arrive.
const samples: { atMs: number; processed: number }[] = [];
const sampler = setInterval(
  () => samples.push({ atMs: performance.now(), processed: target.processed() }),
  100,
);
sampler.unref();
process.send!({ type: 'ready', port: target.port, memory: baseline });
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'stats') {
    process.send!({
      type: 'stats',
      cpuUs: cpuUs(),
      threads: target.threads(),
      processed: target.processed(),
      connected: target.connected(),
      detail: target.detail(),
    });
  } else if (msg.type === 'samples') {
    process.send!({ type: 'samples', samples });
  } else if (msg.type === 'memory') {
    void memory(target).then((m) =>
      process.send!({ type: 'memory', memory: m, connected: target.connected() }),
    );
  } else if (msg.type === 'profile-start') {
    void profileStart();
  } else if (msg.type === 'profile-stop') {
    void profileStop().then(() => process.send!({ type: 'profiled' }));
  } else if (msg.type === 'exit') {
    process.exit(0);
  }
});
