import { get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpFixture, type HttpFixture } from '../helpers/http-app.js';
import { addStation, changed, putBank } from '../helpers/availability-fixtures.js';

/** A minimal SSE client over a real socket: collects raw text and parsed `availability` events. */
interface SseClient {
  response: IncomingMessage;
  text: () => string;
  events: () => Record<string, unknown>[];
  ended: Promise<void>;
}

function connect(baseUrl: string, path: string): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = get(`${baseUrl}${path}`, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      const ended = new Promise<void>((done) => response.once('end', () => done()));
      resolve({
        response,
        text: () => text,
        events: () =>
          text
            .split('\n\n')
            .filter((block) => block.startsWith('event: availability\n'))
            .map((block) => JSON.parse(block.split('\ndata: ')[1]!) as Record<string, unknown>),
        ended,
      });
    });
    req.on('error', reject);
  });
}

async function waitFor(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('availability stream (SSE over real HTTP)', () => {
  let fx: HttpFixture;
  let baseUrl: string;
  let near: string;
  let far: string;

  beforeEach(async () => {
    fx = await httpFixture({ deps: { sseHeartbeatMs: 50 } });
    near = await addStation(fx, { lat: 51.5074, lng: -0.1278, slots: 2 });
    far = await addStation(fx, { lat: 53.4808, lng: -2.2426, slots: 2 }); // Manchester
    await fx.fleet.availability.refresh();
    await fx.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(fx.app.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await fx.close();
  });

  it('sends an event when a station changes, and keep-alive comments', async () => {
    const client = await connect(baseUrl, '/v1/stations/stream');
    expect(client.response.statusCode).toBe(200);
    expect(client.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(client.response.headers['x-request-id']).toBeDefined();

    await putBank(fx, near, 1, { id: 'pb_stream', batteryPct: 100 });
    changed(fx, near);
    await waitFor(() => client.events().length === 1);
    expect(client.events()[0]).toMatchObject({
      stationId: near,
      available: true,
      rentable: 1,
      returnSlots: 1,
    });
    expect(client.text()).not.toContain('pb_stream');

    await waitFor(() => client.text().includes(': keepalive'));
  });

  it('only sends changes within the radius when filtered by position', async () => {
    const client = await connect(baseUrl, '/v1/stations/stream?lat=51.5074&lng=-0.1278&radius_m=5000');
    await putBank(fx, far, 1, { id: 'pb_far', batteryPct: 100 });
    changed(fx, far);
    await fx.fleet.availability.settled();
    await putBank(fx, near, 1, { id: 'pb_near', batteryPct: 100 });
    changed(fx, near);
    await waitFor(() => client.events().length >= 1);
    expect(client.events().map((e) => e.stationId)).toEqual([near]);
    expect(client.events()[0]!.distanceM).toBe(0);
  });

  it('rejects a half-given position', async () => {
    const res = await fx.app.inject({ method: 'GET', url: '/v1/stations/stream?lat=51.5' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'querystring/lng', message: 'is required when filtering by position' },
    ]);
  });

  it('ends open streams cleanly when the app closes', async () => {
    const client = await connect(baseUrl, '/v1/stations/stream');
    await waitFor(() => client.text().includes(': connected'));
    const started = Date.now();
    await fx.app.close();
    await client.ended;
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
