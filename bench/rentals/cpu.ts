import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/**
 * CPU spent during a measured window: by this process (platform + broker + simulated stations and
 * riders) and by the local PostgreSQL server's processes (Linux /proc; 0 elsewhere). CPU ms per cycle
 * is far steadier than cycles/s on a shared, noisy machine, and tells whether a run was starved.
 */
export interface CpuFigures {
  /** This process, % of one core over the window. */
  processPct: number;
  /** Local postgres processes, % of one core over the window. */
  postgresPct: number;
  /** One-minute load average at the end of the window (2 cores: above 2 means others queued for CPU). */
  loadAverage: number;
}

const TICKS_PER_SECOND = 100;

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

/** Starts measuring; call the returned function at the end of the window. */
export function measureCpu(): () => CpuFigures {
  const wall = performance.now();
  const own = process.cpuUsage();
  const pg = postgresCpuMs();
  return () => {
    const ms = performance.now() - wall;
    const used = process.cpuUsage(own);
    return {
      processPct: Math.round(((used.user + used.system) / 1000 / ms) * 100),
      postgresPct: Math.round((usedSince(pg, postgresCpuMs()) / ms) * 100),
      loadAverage: Math.round(loadavg()[0]! * 100) / 100,
    };
  };
}
