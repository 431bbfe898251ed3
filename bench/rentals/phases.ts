import { type CpuFigures, type CpuMeter, type CpuSplit } from './cpu.js';
import type { CycleDriver, CycleOutcome, CycleTiming } from './cycles.js';

export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles, in ms rounded to 0.1. */
export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => {
    if (sorted.length === 0) return 0;
    const v = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
    return Math.round(v * 10) / 10;
  };
  return { count: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: at(100) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface LevelFigures {
  concurrency: number;
  seconds: number;
  /** Cycles whose rental ended inside the measured window, per second. */
  cyclesPerSecond: number;
  activeMs: Percentiles;
  cycleMs: Percentiles;
  errors: number;
  cpu: CpuFigures;
  /** CPU ms per completed cycle of the platform, load and PostgreSQL processes: steadier than cycles/s. */
  cpuMsPerCycle: CpuSplit;
}

function perCycle(cpu: CpuFigures, cycles: number): CpuSplit {
  const per = (ms: number) => (cycles > 0 ? Math.round((ms * 100) / cycles) / 100 : 0);
  return { platform: per(cpu.ms.platform), load: per(cpu.ms.load), postgres: per(cpu.ms.postgres) };
}

function tally(outcomes: CycleOutcome[], from: number, to: number) {
  const timings: CycleTiming[] = [];
  let errors = 0;
  let skipped = 0;
  for (const o of outcomes) {
    if (o.kind === 'error') errors += 1;
    else if (o.kind === 'no_capacity') skipped += 1;
    else if (o.timing.endedAtMs >= from && o.timing.endedAtMs <= to) timings.push(o.timing);
  }
  return { timings, errors, skipped };
}

/**
 * Closed loop: `concurrency` riders each run cycle after cycle for warm-up + measured time; counts the
 * cycles that ended inside the measured window. The loops then finish the cycle they are in.
 */
export async function closedLoop(
  driver: CycleDriver,
  concurrency: number,
  warmupMs: number,
  measureMs: number,
  meter: CpuMeter,
): Promise<LevelFigures> {
  const t0 = performance.now();
  const from = t0 + warmupMs;
  const to = from + measureMs;
  const outcomes: CycleOutcome[] = [];
  // The CPU window is the measured window, whatever the loops do after it (they finish their cycle).
  const window = sleep(warmupMs).then(async () => {
    const end = await meter();
    await sleep(Math.max(0, to - performance.now()));
    return end();
  });
  const loop = async () => {
    while (performance.now() < to) {
      const outcome = await driver.run();
      outcomes.push(outcome);
      // No rider or no station free: a real queue would form; the bench just tries again shortly.
      if (outcome.kind === 'no_capacity') await sleep(2);
    }
  };
  const [cpu] = await Promise.all([window, Promise.all(Array.from({ length: concurrency }, loop))]);
  const { timings, errors } = tally(outcomes, from, to);
  return {
    concurrency,
    seconds: measureMs / 1000,
    cyclesPerSecond: Math.round((timings.length / (measureMs / 1000)) * 10) / 10,
    activeMs: percentiles(timings.map((t) => t.activeMs)),
    cycleMs: percentiles(timings.map((t) => t.cycleMs)),
    errors,
    cpu,
    cpuMsPerCycle: perCycle(cpu, timings.length),
  };
}

export interface OpenLoopFigures {
  offeredPerSecond: number;
  seconds: number;
  started: number;
  completed: number;
  /** Arrivals that found no idle rider or no station free (the bench's own limit, not the platform's). */
  skipped: number;
  errors: number;
  achievedPerSecond: number;
  rentMs: Percentiles;
  activeMs: Percentiles;
  returnMs: Percentiles;
  cycleMs: Percentiles;
  cpu: CpuFigures;
  cpuMsPerCycle: CpuSplit;
}

/**
 * Open loop: a new cycle starts every 1000/rate ms whatever the earlier ones are doing (late timers
 * catch up at once, so a slow platform meets the full offered load), for `durationMs`.
 */
export async function openLoop(
  driver: CycleDriver,
  ratePerSecond: number,
  durationMs: number,
  meter: CpuMeter,
): Promise<OpenLoopFigures> {
  const interval = 1000 / ratePerSecond;
  const endCpu = await meter();
  const t0 = performance.now();
  const running: Promise<CycleOutcome>[] = [];
  for (let i = 0; ; i++) {
    const due = t0 + i * interval;
    if (due - t0 >= durationMs) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    running.push(driver.run());
  }
  const outcomes = await Promise.all(running);
  const cpu = await endCpu();
  const { timings, errors, skipped } = tally(outcomes, 0, Number.POSITIVE_INFINITY);
  return {
    offeredPerSecond: ratePerSecond,
    seconds: durationMs / 1000,
    started: running.length - skipped,
    completed: timings.length,
    skipped,
    errors,
    achievedPerSecond: Math.round((timings.length / (durationMs / 1000)) * 10) / 10,
    rentMs: percentiles(timings.map((t) => t.rentMs)),
    activeMs: percentiles(timings.map((t) => t.activeMs)),
    returnMs: percentiles(timings.map((t) => t.returnMs)),
    cycleMs: percentiles(timings.map((t) => t.cycleMs)),
    cpu,
    cpuMsPerCycle: perCycle(cpu, timings.length),
  };
}
