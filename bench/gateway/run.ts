import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { connectDatabase, migrateToLatest } from '../../src/kernel/db/index.js';
import { newId } from '../../src/kernel/ids.js';
import { generateSecret, hashSecret } from '../../src/kernel/secrets.js';
import { allMigrations } from '../../src/app/migrations.js';
import { StationsRepository } from '../../src/modules/fleet/index.js';
import { benchNearest, type NearestFigures } from './nearest.js';

/**
 * `npm run bench:gateway` — measures, in one run on this machine:
 *  1. station messages processed per second at saturation by the platform gateway with N connected
 *     stations on the embedded broker, next to the same broker's raw relay with a trivial subscriber;
 *  2. memory per connected station (RSS and JS heap of every isolate of the server process, after a
 *     full collection in each: connected minus before any station connected), right after the
 *     connection storm and once the fleet has been quiet for BENCH_SETTLE_SECONDS (default 10);
 *  3. p50/p99 of the nearest-stations query over 100,000 stations.
 * Figures go to bench/reports/gateway.{json,md}. Sizes are overridable for a quick look:
 * BENCH_STATIONS, BENCH_SECONDS, BENCH_GEO_STATIONS, BENCH_SETTLE_SECONDS.
 */
const STATIONS = Number(process.env.BENCH_STATIONS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const GEO_STATIONS = Number(process.env.BENCH_GEO_STATIONS ?? 100_000);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 10);
const PREFIX = 'bench/v1';
const TARGETS = { messagesPerSecond: 10_000, ratioOfRaw: 0.5, bytesPerStation: 20 * 1024, nearestP99Ms: 5 };

const dir = mkdtempSync(join(tmpdir(), 'chargenet-bench-'));
const dbUrl = `sqlite:${join(dir, 'bench.db')}`;

async function provision(): Promise<string> {
  const database = connectDatabase(dbUrl);
  await migrateToLatest(database, ...allMigrations);
  const repo = new StationsRepository(database);
  const siteId = newId('site');
  const now = Date.now();
  await repo.insertSite(
    {
      id: siteId,
      name: 'Bench',
      address: '1 Bench St',
      city: 'London',
      country: 'GB',
      timeZone: 'Europe/London',
      lat: 51.5,
      lng: -0.12,
      openingHours: null,
    },
    now,
  );
  const stations: { id: string; secret: string }[] = [];
  for (let i = 0; i < STATIONS; i += 1000) {
    await repo.transaction(async (trx) => {
      for (let j = i; j < Math.min(i + 1000, STATIONS); j++) {
        const id = `stn_bench${String(j).padStart(6, '0')}`;
        const secret = generateSecret();
        await repo.insertStation(
          trx,
          { id, siteId, code: `B${String(j).padStart(6, '0')}`, slotCount: 8 },
          hashSecret(secret),
          now,
        );
        stations.push({ id, secret });
      }
    });
  }
  await database.destroy();
  const file = join(dir, 'stations.json');
  writeFileSync(file, JSON.stringify(stations));
  return file;
}

function request<T>(child: ChildProcess, type: string, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (msg: { type: string }) => {
      if (msg.type !== reply) return;
      child.off('message', onMessage);
      resolve(msg as T);
    };
    child.on('message', onMessage);
    if (type) child.send({ type });
  });
}

interface Memory {
  rss: number;
  heapUsed: number;
}

interface ScenarioFigures {
  mode: 'raw' | 'gateway';
  stations: number;
  connectMs: number;
  sent: number;
  sentByKind: Record<string, number>;
  processedPerSecond: number;
  /** RSS once connected and quiet for SETTLE_SECONDS (the figure the target is judged on). */
  bytesPerStationRss: number;
  /** RSS right after every station connected and said hello. */
  bytesPerStationRssAfterStorm: number;
  bytesPerStationHeap: number;
  /** How long the server was busy processing (first to last processed message). */
  busyMs: number;
  /** The gateway's own counts at the end of the window (applied, duplicate, rejected, failed, queued). */
  serverCounts: Record<string, unknown>;
  serverCpuPct: number;
  loadCpuPct: number;
  /** Share of the window each server thread's event loop was busy (main; the broker's own thread). */
  threadBusyPct: Record<string, number>;
}

async function scenario(mode: 'raw' | 'gateway', stationsFile: string): Promise<ScenarioFigures> {
  const server = fork(join(import.meta.dirname, 'server.ts'), [mode, dbUrl], {
    execArgv: [
      '--import',
      'tsx',
      '--expose-gc',
      '--max-old-space-size=8192',
      // BENCH_CPU_PROF=<dir>: whole-run CPU profiles of every thread of the server (the broker's too).
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
  });
  const ready = await request<{ port: number; memory: Memory }>(server, '', 'ready');
  const load = fork(
    join(import.meta.dirname, 'load.ts'),
    [String(ready.port), stationsFile, String(SECONDS * 1000), PREFIX],
    {
      execArgv: ['--import', 'tsx', '--max-old-space-size=8192'],
    },
  );
  const connected = await request<{ connectMs: number; count: number }>(load, '', 'connected');
  // Every station said hello; wait until the server has handled those, so the load meets a settled fleet.
  for (let i = 0; i < 600; i++) {
    const { processed } = await request<{ processed: number }>(server, 'stats', 'stats');
    if (processed >= connected.count) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  // Memory twice: right after the connection storm (its transient buffers and garbage still held), and
  // once the fleet has been connected and quiet for SETTLE_SECONDS, as stations are most of their lives.
  const afterStorm = await request<{ memory: Memory }>(server, 'memory', 'memory');
  await new Promise((r) => setTimeout(r, SETTLE_SECONDS * 1000));
  const settled = await request<{ memory: Memory }>(server, 'memory', 'memory');

  const done = request<{
    result: { sent: number; sentByKind: Record<string, number>; sendMs: number; cpuUs: number };
  }>(load, '', 'done');
  const atGo = await request<{ processed: number; cpuUs: number; threads: Threads }>(
    server,
    'stats',
    'stats',
  );
  if (process.env.BENCH_PROFILE) server.send({ type: 'profile-start' });
  load.send({ type: 'go' });
  // The load runs at most BENCH_LEAD messages ahead of what the server has processed (load.ts).
  let sending = true;
  const relay = (async () => {
    while (sending) {
      const { processed } = await request<{ processed: number }>(server, 'stats', 'stats');
      if (sending) load.send({ type: 'processed', processed: processed - atGo.processed });
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const { result } = await done;
  sending = false;
  await relay;
  // Let the server drain what the load left in socket buffers, then read its timestamped samples.
  let last = -1;
  for (let i = 0; i < 600; i++) {
    const { processed, detail } = await request<{ processed: number; detail: { queued?: number } }>(
      server,
      'stats',
      'stats',
    );
    if (processed === last && !detail.queued) break;
    last = processed;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (process.env.BENCH_PROFILE) await request(server, 'profile-stop', 'profiled');
  const final = await request<{
    processed: number;
    cpuUs: number;
    threads: Threads;
    detail: Record<string, unknown>;
  }>(server, 'stats', 'stats');
  const { samples } = await request<{ samples: Sample[] }>(server, 'samples', 'samples');
  server.send({ type: 'exit' });
  load.kill();
  const rate = saturatedRate(samples, atGo.processed);

  return {
    mode,
    stations: connected.count,
    connectMs: connected.connectMs,
    sent: result.sent,
    sentByKind: result.sentByKind,
    processedPerSecond: rate.perSecond,
    busyMs: rate.busyMs,
    bytesPerStationRss: Math.round((settled.memory.rss - ready.memory.rss) / connected.count),
    bytesPerStationRssAfterStorm: Math.round((afterStorm.memory.rss - ready.memory.rss) / connected.count),
    bytesPerStationHeap: Math.round((settled.memory.heapUsed - ready.memory.heapUsed) / connected.count),
    serverCounts: final.detail,
    // Share of one core each process used: the server over its busy span, the load while it sent.
    serverCpuPct: Math.round((final.cpuUs - atGo.cpuUs) / 10 / rate.busyMs),
    loadCpuPct: Math.round(result.cpuUs / 10 / result.sendMs),
    threadBusyPct: Object.fromEntries(
      Object.entries(final.threads).map(([name, t]) => {
        const before = atGo.threads[name] ?? { activeMs: 0, idleMs: 0 };
        const active = t.activeMs - before.activeMs;
        const total = active + t.idleMs - before.idleMs;
        return [name, total > 0 ? Math.round((100 * active) / total) : 0];
      }),
    ),
  };
}

type Threads = Record<string, { activeMs: number; idleMs: number }>;

interface Sample {
  atMs: number;
  processed: number;
}

/**
 * Throughput while the server was busy: from the first sample after processing began to the last one
 * before it finished, with the first and last 10% of that span trimmed (warm-up and drain tail).
 */
function saturatedRate(samples: Sample[], baseline: number): { perSecond: number; busyMs: number } {
  const start = samples.findIndex((s) => s.processed > baseline);
  const finalCount = samples[samples.length - 1]!.processed;
  const end = samples.findIndex((s) => s.processed === finalCount);
  if (start < 0 || end <= start) return { perSecond: 0, busyMs: 0 };
  const trim = Math.floor((end - start) / 10);
  const a = samples[start + trim]!;
  const b = samples[end - trim]!;
  return {
    perSecond: Math.round(((b.processed - a.processed) * 1000) / (b.atMs - a.atMs)),
    busyMs: Math.round(samples[end]!.atMs - samples[start]!.atMs),
  };
}

function verdict(ok: boolean): string {
  return ok ? 'meets target' : 'MISSES target';
}

async function main(): Promise<void> {
  console.log(`bench:gateway — provisioning ${STATIONS} stations…`);
  const stationsFile = await provision();
  console.log('raw relay scenario…');
  const raw = await scenario('raw', stationsFile);
  console.log(`  ${raw.processedPerSecond} msg/s`);
  console.log('gateway scenario…');
  const gateway = await scenario('gateway', stationsFile);
  console.log(`  ${gateway.processedPerSecond} msg/s`);
  console.log(`nearest-stations over ${GEO_STATIONS} stations…`);
  const nearest: NearestFigures = await benchNearest(GEO_STATIONS);
  console.log(`  p99 ${nearest.p99Ms.toFixed(3)} ms`);

  const ratio = gateway.processedPerSecond / raw.processedPerSecond;
  const report = {
    when: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryBytes: totalmem(),
      node: process.version,
    },
    settings: {
      stations: STATIONS,
      seconds: SECONDS,
      geoStations: GEO_STATIONS,
      settleSeconds: SETTLE_SECONDS,
    },
    targets: TARGETS,
    raw,
    gateway,
    gatewayToRawRatio: Number(ratio.toFixed(3)),
    nearest,
  };
  const reports = join(import.meta.dirname, '..', 'reports');
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, 'gateway.json'), `${JSON.stringify(report, null, 2)}\n`);
  const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
  const md = `# Gateway benchmark

Run ${report.when} on ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}.
${STATIONS} stations connected over loopback TCP from a separate load process, which writes for ${SECONDS} s
per scenario as fast as each socket drains, after every station has said hello and been handled. Throughput is the server's own timestamped count while it
was busy (first and last 10% trimmed), so a busy event loop cannot skew it. Traffic mix: ~95% heartbeats (QoS 0), ~2% inventories of
8 slots, ~3% events (QoS 1), each with a unique message id. Memory is the server process's RSS and the JS heap
of all its isolates (the gateway's broker thread has its own), each after a full garbage collection, minus the
same before any station connected: once right after the connection storm, and once the fleet has been
connected and quiet for ${SETTLE_SECONDS} s, as stations spend most of their lives; the target is judged on the latter.

| figure | raw relay (aedes + counting subscriber) | platform gateway | target | verdict |
|---|---|---|---|---|
| messages processed / s at saturation | ${raw.processedPerSecond} | ${gateway.processedPerSecond} | ≥ ${TARGETS.messagesPerSecond} | ${verdict(gateway.processedPerSecond >= TARGETS.messagesPerSecond)} |
| gateway ÷ raw relay | — | ${(ratio * 100).toFixed(1)}% | ≥ ${TARGETS.ratioOfRaw * 100}% | ${verdict(ratio >= TARGETS.ratioOfRaw)} |
| memory per connected station (RSS), connected and quiet for ${SETTLE_SECONDS} s | ${kib(raw.bytesPerStationRss)} | ${kib(gateway.bytesPerStationRss)} | < 20 KiB | ${verdict(gateway.bytesPerStationRss < TARGETS.bytesPerStation)} |
| memory per connected station (RSS), right after the connection storm | ${kib(raw.bytesPerStationRssAfterStorm)} | ${kib(gateway.bytesPerStationRssAfterStorm)} | — | — |
| memory per connected station (JS heap, every isolate), quiet | ${kib(raw.bytesPerStationHeap)} | ${kib(gateway.bytesPerStationHeap)} | — | — |
| connect + authenticate all stations | ${raw.connectMs} ms | ${gateway.connectMs} ms | — | — |
| messages sent by the load process | ${raw.sent} | ${gateway.sent} | — | — |
| time the server was busy processing them | ${raw.busyMs} ms | ${gateway.busyMs} ms | — | — |
| CPU of the server (while busy) / of the load (while sending), % of a core | ${raw.serverCpuPct} / ${raw.loadCpuPct} | ${gateway.serverCpuPct} / ${gateway.loadCpuPct} | — | — |
| event loop busy: main thread / broker thread | ${raw.threadBusyPct.main}% / — | ${gateway.threadBusyPct.main}% / ${gateway.threadBusyPct.broker ?? '—'}% | — | — |

Gateway counts at the end of its window: ${JSON.stringify(gateway.serverCounts)} (a rejected or failed
count above zero would mean the load was not what the protocol allows).

## Nearest stations
${nearest.stations} stations in the availability read model, ${nearest.queries} queries at random points
in the fleet's area, 80% of them in its cities (radius ${nearest.radiusM} m, one query in ten
${nearest.wideRadiusM} m; limit ${nearest.limit}); loading the read model took ${nearest.loadMs} ms:
p50 ${nearest.p50Ms.toFixed(3)} ms, p99 ${nearest.p99Ms.toFixed(3)} ms, max ${nearest.maxMs.toFixed(3)} ms
(target p99 < ${TARGETS.nearestP99Ms} ms: ${verdict(nearest.p99Ms < TARGETS.nearestP99Ms)}).
`;
  writeFileSync(join(reports, 'gateway.md'), md);
  console.log(md);
  rmSync(dir, { recursive: true, force: true });
}

await main();
