/**
 * Remembers when a keyed thing (a rental, a power bank) was first seen in a state, and wakes whoever
 * waits for one of some states. Events may come before anyone waits (a fast station's confirmation can
 * beat the HTTP answer to the rider), so they are kept until `forget`.
 */
export interface Seen {
  state: string;
  /** performance.now() when the event was emitted. */
  atMs: number;
}

interface Entry {
  seen: Seen[];
  waiters: { states: readonly string[]; resolve: (seen: Seen) => void }[];
}

export class StateTracker {
  private readonly entries = new Map<string, Entry>();

  private entry(key: string): Entry {
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { seen: [], waiters: [] }));
    return e;
  }

  record(key: string, state: string, atMs = performance.now()): void {
    const e = this.entry(key);
    if (e.seen.some((s) => s.state === state)) return;
    const seen = { state, atMs };
    e.seen.push(seen);
    e.waiters = e.waiters.filter((w) => {
      if (!w.states.includes(state)) return true;
      w.resolve(seen);
      return false;
    });
  }

  /** The first of `states` seen for the key (now or later), or undefined after `timeoutMs`. */
  wait(key: string, states: readonly string[], timeoutMs: number): Promise<Seen | undefined> {
    const e = this.entry(key);
    const already = e.seen.find((s) => states.includes(s.state));
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        e.waiters = e.waiters.filter((w) => w !== waiter);
        resolve(undefined);
      }, timeoutMs);
      const waiter = {
        states,
        resolve: (seen: Seen) => {
          clearTimeout(timer);
          resolve(seen);
        },
      };
      e.waiters.push(waiter);
    });
  }

  /** The states seen so far, in order. */
  history(key: string): Seen[] {
    return this.entries.get(key)?.seen ?? [];
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
