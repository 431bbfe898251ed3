import type { Client } from 'aedes';

/** The part of an aedes client that reading is held through (not in aedes' type declarations). */
interface ReadableClient {
  closed: boolean;
  pause(): void;
  resume(): void;
  /** Packets of the last read batch not yet handled; aedes reads again when it reaches 0. */
  _parsingBatch: number;
}

/**
 * Per-station backpressure on the embedded broker. While any of a station's messages waits for the
 * database, aedes reads nothing more from that station's socket, so a flood (a reconnect storm, a
 * station re-sending hours of buffered events) waits in TCP and in the station's own persistent queue
 * instead of in the platform's memory. Other stations are not affected.
 *
 * aedes' own batch accounting is no backpressure: every TCP segment that arrives triggers a read.
 * Its `pause()` stops reads, but while paused it also skips counting handled packets, so `resume()`
 * first resets the count to "one packet outstanding", which the resume then completes — a read
 * always follows. An extra read is harmless; a missed one would stall the station. Tested in
 * test/gateway/flow-control.test.ts, which breaks if a future aedes changes these internals.
 */
export class ReadHolds {
  private readonly pending = new Map<Client, number>();

  /** One more of this client's messages is waiting; reading stops with the first. */
  hold(client: Client): void {
    const n = this.pending.get(client) ?? 0;
    this.pending.set(client, n + 1);
    if (n === 0) (client as unknown as ReadableClient).pause();
  }

  /** One of its messages was handled; reading resumes with the last. */
  release(client: Client): void {
    const n = (this.pending.get(client) ?? 1) - 1;
    if (n > 0) {
      this.pending.set(client, n);
      return;
    }
    this.pending.delete(client);
    const readable = client as unknown as ReadableClient;
    if (readable.closed) return;
    readable._parsingBatch = 1;
    readable.resume();
  }
}
