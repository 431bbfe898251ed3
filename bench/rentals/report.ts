import type { CpuSplit } from './cpu.js';
import type { LevelFigures, OpenLoopFigures, Percentiles } from './phases.js';

export const TARGETS = { cyclesPerSecond: 200, activeP99Ms: 100, offeredPerSecond: 50 };

export interface Verification {
  completed: number;
  /** Completed cycles whose rental is not `ended` with an amount, a receipt and a captured payment. */
  notSettled: number;
  /** Every payment of the bench riders by status (holds left open show as `authorized`). */
  paymentsByStatus: Record<string, number>;
  /** Rentals of the bench riders by status. */
  rentalsByStatus: Record<string, number>;
}

export interface DialectFigures {
  dialect: string;
  skipped?: string;
  setupSeconds?: number;
  curve?: LevelFigures[];
  saturation?: LevelFigures;
  latency?: OpenLoopFigures;
  errors?: Record<string, number>;
  verification?: Verification;
}

export interface RentalsReport {
  date: string;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; node: string; loadAverageAtStart: number[] };
  settings: Record<string, unknown>;
  dialects: DialectFigures[];
}

const ms = (p: Percentiles) => `${p.p50} / ${p.p90} / ${p.p99} / ${p.max}`;
const met = (ok: boolean) => (ok ? 'met' : '**not met**');
const split = (c: CpuSplit) => `**${c.platform}** / ${c.load} / ${c.postgres}`;

function dialectSection(d: DialectFigures): string[] {
  if (d.skipped) return [`## ${d.dialect}`, '', `Skipped: ${d.skipped}.`, ''];
  const sat = d.saturation!;
  const lat = d.latency!;
  const v = d.verification!;
  const errors = Object.entries(d.errors ?? {});
  return [
    `## ${d.dialect}`,
    '',
    `Setup (not measured): ${d.setupSeconds} s.`,
    '',
    '| figure | value | target |',
    '|---|---|---|',
    `| complete cycles/s at saturation | **${sat.cyclesPerSecond}** (at ${sat.concurrency} concurrent riders) | ≥ ${TARGETS.cyclesPerSecond}: ${met(sat.cyclesPerSecond >= TARGETS.cyclesPerSecond)} |`,
    `| rent → active p50 / p99 at ${lat.offeredPerSecond}/s offered | **${lat.activeMs.p50} / ${lat.activeMs.p99} ms** | p99 < ${TARGETS.activeP99Ms} ms: ${met(lat.activeMs.p99 < TARGETS.activeP99Ms && lat.completed > 0)} |`,
    '',
    'Saturation curve (closed loop; cycles ended inside the window; latencies in ms, p50 / p90 / p99 / max):',
    '',
    '| concurrent riders | cycles/s | rent → active | whole cycle | errors | CPU % platform / load / postgres | CPU ms per cycle platform / load / postgres | load avg |',
    '|---|---|---|---|---|---|---|---|',
    ...d.curve!.map(
      (l) =>
        `| ${l.concurrency} | ${l.cyclesPerSecond} | ${ms(l.activeMs)} | ${ms(l.cycleMs)} | ${l.errors} | ` +
        `${l.cpu.pct.platform} / ${l.cpu.pct.load} / ${l.cpu.pct.postgres} | ${split(l.cpuMsPerCycle)} | ${l.cpu.loadAverage} |`,
    ),
    '',
    'CPU: *platform* is the platform process (HTTP, flows and the database client on its main thread, the embedded broker on a thread of its own, so above 100% at times) — ' +
      'its CPU ms per cycle is the figure to compare between runs; *load* is the load process (simulated stations, ' +
      'riders, the bench’s bookkeeping); *postgres* is every postgres process on the machine, so it includes other ' +
      'users of the server. A load average above 2 means processes were queued for the 2 cores: the run was starved ' +
      'and cycles/s understates the platform.',
    '',
    `Open loop at ${lat.offeredPerSecond}/s for ${lat.seconds} s: ${lat.started} cycles started, ${lat.completed} completed ` +
      `(${lat.achievedPerSecond}/s), ${lat.skipped} arrivals found no free rider or station, ${lat.errors} errors; ` +
      `CPU ${lat.cpu.pct.platform}% platform, ${lat.cpu.pct.load}% load, ${lat.cpu.pct.postgres}% postgres ` +
      `(ms per cycle ${split(lat.cpuMsPerCycle)}), load average ${lat.cpu.loadAverage}. ` +
      'Latencies in ms, p50 / p90 / p99 / max:',
    '',
    '| step | latency |',
    '|---|---|',
    `| POST /v1/rentals → 201 | ${ms(lat.rentMs)} |`,
    `| rent → active (POST sent → station confirmed) | ${ms(lat.activeMs)} |`,
    `| return pushed in → ended (priced, captured, receipt) | ${ms(lat.returnMs)} |`,
    `| whole cycle (includes the rider’s take delay) | ${ms(lat.cycleMs)} |`,
    '',
    `Errors over the whole run: ${errors.length === 0 ? 'none' : errors.map(([k, n]) => `${k} × ${n}`).join(', ')}.`,
    `Checked after the run: ${v.completed} completed cycles, ${v.notSettled} not ended-and-captured; ` +
      `rentals by status ${JSON.stringify(v.rentalsByStatus)}; payments by status ${JSON.stringify(v.paymentsByStatus)}.`,
    '',
  ];
}

/** The Markdown report: machine, settings, then per dialect the figures against the targets. */
export function renderMarkdown(report: RentalsReport): string {
  const m = report.machine;
  return [
    '# Rentals benchmark',
    '',
    `Run ${report.date}${report.quick ? ' (**quick mode**: small sizes, not comparable)' : ''} with ` +
      '`npm run bench:rentals` (`bench/rentals/run.ts`). See bench/README.md for what it does and where the time goes.',
    '',
    `Machine: ${m.cpus} cores (${m.cpuModel}), Node ${m.node}, load average at start ${m.loadAverageAtStart.map((x) => x.toFixed(2)).join(' / ')}. ` +
      'The platform and its embedded broker run in one Node process; the simulated stations (MQTT) and the riders ' +
      '(HTTP) in a second one, the load process; PostgreSQL runs on the same machine.',
    '',
    `Settings: \`${JSON.stringify(report.settings)}\``,
    '',
    ...report.dialects.flatMap(dialectSection),
  ].join('\n');
}
