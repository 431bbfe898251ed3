import type { Client } from 'aedes';

/** The part of an aedes client that reading is gated through (not in aedes' type declarations). */
interface GatedClient {
  closed: boolean;
  pause(): void;
  resume(): void;
  /** Packets of the last read batch not yet handled; aedes reads again when it reaches 0. */
  _parsingBatch: number;
}

/**
 * Decides which station sockets the broker thread reads, for two kinds of backpressure:
 *
 * - **Holds** (per station): while any of a station's messages waits for the database, nothing more is
 *   read from its socket, so a station re-sending hours of buffered events, or a reconnect storm,
 *   waits in TCP and in the stations' own persistent queues instead of in the platform's memory.
 * - **Throttle** (all stations): while the main thread has too many batches of station traffic still
 *   to handle, stations stop being read, and are let back one at a time, oldest first, as it catches
 *   up. Without it the broker thread, which reads faster than the main thread can handle, would queue
 *   traffic without bound in the thread's message channel.
 *
 * A client reads only when it is let in by the throttle and holds nothing. aedes' own batch accounting
 * is no backpressure (every TCP segment that arrives triggers a read); its `pause()` stops reads, but
 * while paused it also skips counting handled packets, so resuming first resets the count to "one
 * packet outstanding", which the resume then completes: a read always follows. An extra read is
 * harmless; a missed one would stall the station. test/gateway/flow-control.test.ts breaks if a
 * future aedes changes these internals.
 */
export class ReadGate {
  private readonly holds = new Map<Client, number>();
  /** Clients the throttle lets read (unless held). */
  private readonly reading = new Set<Client>();
  /** Clients the throttle stopped, in the order they get back in. */
  private waiting: Client[] = [];
  private throttled = false;

  /** A client that has connected: it reads unless the throttle is on. */
  add(client: Client): void {
    if (!this.throttled) this.reading.add(client);
    else {
      (client as unknown as GatedClient).pause();
      this.waiting.push(client);
    }
  }

  /** A client that has gone. */
  remove(client: Client): void {
    this.reading.delete(client);
    this.holds.delete(client);
  }

  /** One more of this client's messages is waiting; reading stops with the first. */
  hold(client: Client): void {
    const n = this.holds.get(client) ?? 0;
    this.holds.set(client, n + 1);
    if (n === 0 && this.reading.has(client)) (client as unknown as GatedClient).pause();
  }

  /** One of its messages was handled; reading resumes with the last, if the throttle lets it. */
  release(client: Client): void {
    const n = (this.holds.get(client) ?? 1) - 1;
    if (n > 0) {
      this.holds.set(client, n);
      return;
    }
    this.holds.delete(client);
    if (this.reading.has(client)) resume(client);
  }

  /** Stops every client from reading; they queue up to be let back in. */
  throttle(): void {
    this.throttled = true;
    for (const client of this.reading) {
      if (!this.holds.has(client)) (client as unknown as GatedClient).pause();
      this.waiting.push(client);
    }
    this.reading.clear();
  }

  /**
   * Lets waiting clients back in, oldest first, while `room()` says there is room. A client let in
   * reads at once (synchronously), which may throttle again before the next one is let in.
   */
  letIn(room: () => boolean): void {
    this.throttled = false;
    let i = 0;
    for (; i < this.waiting.length && room() && !this.throttled; i++) {
      const client = this.waiting[i]!;
      if ((client as unknown as GatedClient).closed) continue;
      this.reading.add(client);
      if (!this.holds.has(client)) resume(client);
    }
    // Clients that went back to waiting during the loop were appended; keep the order.
    this.waiting = this.waiting.slice(i);
    if (this.waiting.length > 0) this.throttled = true;
  }

  get isThrottled(): boolean {
    return this.throttled;
  }
}

function resume(client: Client): void {
  const gated = client as unknown as GatedClient;
  if (gated.closed) return;
  gated._parsingBatch = 1;
  gated.resume();
}
