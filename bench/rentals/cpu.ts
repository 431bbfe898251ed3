import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/**
 * CPU spent during a measured window, separately by the platform process (platform + embedded broker:
 * the figure to compare between runs), the load process (simulated stations and riders, the bench's
 * bookkeeping) and the local PostgreSQL server's processes (Linux /proc; 0 elsewhere). CPU ms per cycle
 * is far steadier than cycles/s on a shared, noisy machine, and tells whether a run was starved.
 */
export interface CpuFigures {
  /** % of one core over the window. */
  pct: CpuSplit;
  /** CPU ms used in the window. */
  ms: CpuSplit;
  /** One-minute load average at the end of the window (2 cores: above 2 means others queued for CPU). */
  loadAverage: number;
}

export interface CpuSplit {
  platform: number;
  load: number;
  postgres: number;
}

/** One process's own CPU so far and when it was read, on the clock both processes share (epoch ms). */
export interface CpuSample {
  cpuMs: number;
  atMs: number;
}

/** Reads a platform sample (over IPC: the platform process reads its own usage, exactly). */
export type PlatformCpu = () => Promise<CpuSample>;

/** Starts measuring a window; the returned function ends it. */
export type CpuMeter = () => Promise<() => Promise<CpuFigures>>;

const TICKS_PER_SECOND = 100;

/** This process's CPU so far. */
export function ownCpu(): CpuSample {
  const used = process.cpuUsage();
  return { cpuMs: (used.user + used.system) / 1000, atMs: performance.timeOrigin + performance.now() };
}

/** CPU ms so far of each postgres process, by pid. */
function postgresCpuMs(): Map<string, number> {
  const byPid = new Map<string, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return byPid;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const fields = stat.slice(close + 2).split(' ');
      // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after "pid (comm) ".
      byPid.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND);
    } catch {
      // The process ended while we looked.
    }
  }
  return byPid;
}

/** CPU used between two samples by the processes alive at the second (a new backend counts from zero). */
function usedSince(before: Map<string, number>, after: Map<string, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}

const pct = (ms: number, wallMs: number) => (wallMs > 0 ? Math.round((ms / wallMs) * 100) : 0);
const round = (ms: number) => Math.round(ms);

/**
 * A meter for the load process: its own CPU from `process.cpuUsage`, the platform's from its own
 * samples (each process's share is over its own two readings, so IPC delay shifts the window by a few
 * ms but cannot skew the figure), postgres from /proc, read outside this process's own window.
 */
export function cpuMeter(platformCpu: PlatformCpu): CpuMeter {
  return async () => {
    const platformStart = await platformCpu();
    const pgStart = postgresCpuMs();
    const ownStart = ownCpu();
    return async () => {
      const ownEnd = ownCpu();
      const platformEnd = await platformCpu();
      const pgMs = usedSince(pgStart, postgresCpuMs());
      const platformMs = platformEnd.cpuMs - platformStart.cpuMs;
      const loadMs = ownEnd.cpuMs - ownStart.cpuMs;
      const wallMs = ownEnd.atMs - ownStart.atMs;
      return {
        pct: {
          platform: pct(platformMs, platformEnd.atMs - platformStart.atMs),
          load: pct(loadMs, wallMs),
          postgres: pct(pgMs, wallMs),
        },
        ms: { platform: round(platformMs), load: round(loadMs), postgres: round(pgMs) },
        loadAverage: Math.round(loadavg()[0]! * 100) / 100,
      };
    };
  };
}
