import { PassThrough } from 'node:stream';
import type { Clock } from '../../kernel/clock.js';
import { haversineM } from './availability.geo.js';
import type { AvailabilityService } from './availability.service.js';
import type { AvailabilityChange } from './availability.types.js';
import { toEventView } from './availability.views.js';

export interface StreamFilter {
  lat: number;
  lng: number;
  radiusM: number;
}

export const SSE_HEARTBEAT_MS = 15_000;
// A client that stops reading is dropped rather than buffered without bound.
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Whether riders would notice the change: they see availability and the two counts only. */
function riderVisible({ station, previous }: AvailabilityChange): boolean {
  return (
    !previous ||
    previous.available !== station.available ||
    previous.counts.rentable !== station.counts.rentable ||
    previous.counts.returnSlots !== station.counts.returnSlots
  );
}

/**
 * Server-Sent Events of availability changes. Each client gets an `availability` event per change a
 * rider would notice (optionally only within a radius of a point) and a comment line every 15 s so
 * proxies keep the connection open. There is no replay: a reconnecting client re-reads
 * /v1/stations/near and then follows the stream again.
 */
export class AvailabilityStream {
  private readonly clients = new Set<PassThrough>();

  constructor(
    private readonly availability: AvailabilityService,
    private readonly clock: Clock,
    private readonly heartbeatMs = SSE_HEARTBEAT_MS,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  /** Opens one client's event stream; it ends when the client goes away or closeAll() is called. */
  open(filter?: StreamFilter): PassThrough {
    const out = new PassThrough();
    this.clients.add(out);
    const unsubscribe = this.availability.onChange((change) => {
      if (!riderVisible(change)) return;
      const { site } = change.station;
      const distanceM = filter ? haversineM(filter.lat, filter.lng, site.lat, site.lng) : undefined;
      if (filter && distanceM! > filter.radiusM) return;
      const data = JSON.stringify(toEventView(change.station, this.clock.nowMs(), distanceM));
      this.write(out, `event: availability\ndata: ${data}\n\n`);
    });
    const heartbeat = setInterval(() => this.write(out, ': keepalive\n\n'), this.heartbeatMs);
    heartbeat.unref();
    out.once('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.clients.delete(out);
    });
    // The first bytes flush the response headers, so the client knows the stream is open.
    this.write(out, 'retry: 3000\n: connected\n\n');
    return out;
  }

  /** Ends every open stream cleanly (called on shutdown, before the server stops accepting). */
  closeAll(): void {
    for (const out of this.clients) out.end();
  }

  private write(out: PassThrough, chunk: string): void {
    if (out.destroyed || out.writableEnded) return;
    if (out.writableLength > MAX_BUFFERED_BYTES) {
      out.destroy();
      return;
    }
    out.write(chunk);
  }
}
