import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, httpFixture, type HttpFixture } from '../helpers/http-app.js';
import { addStation } from '../helpers/availability-fixtures.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

describe('HTTP foundation', () => {
  let fx: HttpFixture;

  beforeEach(async () => {
    fx = await httpFixture({ env: { HTTP_BODY_LIMIT_BYTES: '2048' } });
  });
  afterEach(async () => {
    await fx.close();
  });

  it('answers liveness and readiness', async () => {
    const live = await fx.app.inject({ method: 'GET', url: '/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
    const ready = await fx.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: true } });
  });

  it('is not ready when a readiness check of the composition root fails', async () => {
    const notReady = await httpFixture({ deps: { readiness: async () => ({ broker: false }) } });
    try {
      const res = await notReady.app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'not_ready', checks: { database: true, broker: false } });
    } finally {
      await notReady.close();
    }
  });

  it('echoes a caller-supplied request id and generates one otherwise', async () => {
    const given = await fx.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const generated = await fx.app.inject({ method: 'GET', url: '/health/live' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // A header that could smuggle text into log lines is replaced, not echoed.
    const hostile = await fx.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'x'.repeat(500) },
    });
    expect(hostile.headers['x-request-id']).not.toBe('x'.repeat(500));
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await fx.app.inject({ method: 'GET', url: '/v1/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe(PROBLEM);
    expect(res.json()).toEqual({
      type: 'urn:chargenet:problem:NOT_FOUND',
      title: 'Not Found',
      status: 404,
      detail: 'No route matches GET /v1/nothing-here',
      code: 'NOT_FOUND',
      instance: '/v1/nothing-here',
    });
  });

  it('names the bad field of a query string', async () => {
    const res = await fx.app.inject({ method: 'GET', url: '/v1/stations/near?lat=95&lng=0' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe(PROBLEM);
    const body = res.json();
    expect(body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', instance: '/v1/stations/near' });
    expect(body.detail).toBe('querystring/lat must be <= 90');
    expect(body.errors).toEqual([{ field: 'querystring/lat', message: 'must be <= 90' }]);

    const missing = await fx.app.inject({ method: 'GET', url: '/v1/stations/near?lat=51' });
    expect(missing.json().errors).toEqual([{ field: 'querystring/lng', message: 'is required' }]);
  });

  it('names the bad field of a body, and rejects unknown fields', async () => {
    const id = await addStation(fx, { lat: 51.5, lng: -0.12 });
    const headers = admin;
    const badType = await fx.app.inject({
      method: 'POST',
      url: `/v1/ops/stations/${id}/commands`,
      headers,
      payload: { type: 'explode' },
    });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().errors[0].field).toBe('body/type');

    const extra = await fx.app.inject({
      method: 'POST',
      url: `/v1/ops/stations/${id}/commands`,
      headers,
      payload: { type: 'sync', force: true },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors).toEqual([{ field: 'body/force', message: 'is not allowed' }]);
  });

  it('answers malformed JSON with MALFORMED_JSON', async () => {
    const res = await fx.app.inject({
      method: 'POST',
      url: '/v1/ops/alerts/alr_x/resolve',
      headers: { 'content-type': 'application/json', ...admin },
      payload: '{"unterminated": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe(PROBLEM);
    expect(res.json()).toMatchObject({ code: 'MALFORMED_JSON', status: 400, title: 'Bad Request' });
  });

  it('answers an oversize body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await fx.app.inject({
      method: 'POST',
      url: '/v1/ops/stations/stn_x/commands',
      headers: { 'content-type': 'application/json', ...admin },
      payload: JSON.stringify({ type: 'sync', params: { pad: 'x'.repeat(4096) } }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
  });

  it('hides the message of an unexpected error and logs it with the request id', async () => {
    const lines: string[] = [];
    const { pino } = await import('pino');
    const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
    const broken = await httpFixture({ deps: { logger } });
    try {
      // The database goes away under the app: its message must not leave the process.
      await broken.fleet.stations.db.destroy();
      const res = await broken.app.inject({
        method: 'GET',
        url: '/v1/ops/commands',
        headers: { ...admin, 'x-request-id': 'req-500' },
      });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ code: 'INTERNAL_ERROR', status: 500 });
      expect(res.json().detail).not.toMatch(/destroy|driver|sqlite|kysely/i);
      const logged = lines.map((l) => JSON.parse(l) as { reqId?: string; msg: string });
      expect(logged.some((l) => l.reqId === 'req-500' && l.msg === 'request failed')).toBe(true);

      const ready = await broken.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not_ready', checks: { database: false } });
    } finally {
      await broken.app.close().catch(() => undefined);
    }
  });

  it('publishes an OpenAPI document listing every route, with its UI at /docs', async () => {
    const res = await fx.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const expected = [
      'GET /health/live',
      'GET /health/ready',
      'GET /v1/stations/near',
      'GET /v1/stations/stream',
      'GET /v1/stations/{stationId}',
      'GET /v1/stations/by-code/{code}',
      'GET /v1/ops/stations/{stationId}',
      'GET /v1/ops/stations/{stationId}/messages',
      'POST /v1/ops/stations/{stationId}/commands',
      'GET /v1/ops/commands',
      'GET /v1/ops/commands/{commandId}',
      'GET /v1/ops/alerts',
      'POST /v1/ops/alerts/{alertId}/resolve',
      'GET /gbfs/gbfs.json',
      'GET /gbfs/system_information.json',
      'GET /gbfs/vehicle_types.json',
      'GET /gbfs/station_information.json',
      'GET /gbfs/station_status.json',
    ];
    expect([...documented].sort()).toEqual([...expected].sort());
    for (const entry of expected) {
      const [method, path] = entry.split(' ') as [string, string];
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      expect(fx.app.hasRoute({ method: method as 'GET', url }), entry).toBe(true);
      // Every operation declares its success response (and so its schema) in the document.
      const op = doc.paths[path]![method.toLowerCase()] as { responses: Record<string, unknown> };
      expect(
        Object.keys(op.responses).some((code) => /^2\d\d$/.test(code)),
        entry,
      ).toBe(true);
    }

    const ui = await fx.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });
});
