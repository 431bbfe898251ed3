import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/kernel/errors.js';
import type { SendCommandInput, StationCommands, TrackedCommand } from '../../src/modules/fleet/index.js';
import { admin, httpFixture, type HttpFixture } from '../helpers/http-app.js';
import { addStation, putBank } from '../helpers/availability-fixtures.js';

/** A command sender that records what it was asked and answers like the gateway would. */
function fakeCommands(fx: () => HttpFixture): StationCommands & { sent: SendCommandInput[] } {
  const sent: SendCommandInput[] = [];
  return {
    sent,
    async send(input) {
      if (input.type === 'eject' && typeof input.params?.slot !== 'number') {
        throw new ValidationError('params.slot: Expected integer', {
          errors: [{ field: 'params.slot', message: 'Expected integer' }],
        });
      }
      sent.push(input);
      const f = fx();
      return f.fleet.commandRecords.create({
        stationId: input.stationId,
        type: input.type,
        params: input.params ?? {},
        requestedBy: input.requestedBy,
        issuedAtMs: f.clock.nowMs(),
        expiresAtMs: f.clock.nowMs() + 20_000,
      });
    },
    get: (id) => fx().fleet.commandRecords.get(id),
    list: (filter) => fx().fleet.commandRecords.list(filter),
  };
}

describe('ops API', () => {
  let fx: HttpFixture;
  afterEach(async () => {
    await fx.close();
  });

  it('refuses requests without a token, or with a wrong one', async () => {
    fx = await httpFixture();
    const none = await fx.app.inject({ method: 'GET', url: '/v1/ops/alerts' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect(none.json()).toMatchObject({ code: 'AUTH_REQUIRED', status: 401, title: 'Unauthorized' });

    for (const authorization of ['Bearer not-the-token-at-all-xxxxxxx', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const wrong = await fx.app.inject({ method: 'GET', url: '/v1/ops/alerts', headers: { authorization } });
      expect(wrong.statusCode, authorization).toBe(401);
      expect(wrong.json().code).toBe('AUTH_INVALID');
    }
    const ok = await fx.app.inject({ method: 'GET', url: '/v1/ops/alerts', headers: admin });
    expect(ok.statusCode).toBe(200);
  });

  it('is switched off (503 OPS_DISABLED) when no admin token is configured', async () => {
    fx = await httpFixture({ env: { ADMIN_TOKEN: '' } });
    const res = await fx.app.inject({ method: 'GET', url: '/v1/ops/alerts', headers: admin });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      code: 'OPS_DISABLED',
      detail: 'The operations API is disabled: no ADMIN_TOKEN is configured',
    });
  });

  it('shows a station in full, with power bank ids, clock offset and last seen', async () => {
    fx = await httpFixture();
    const id = await addStation(fx, { lat: 51.5, lng: -0.12, slots: 3 });
    await putBank(fx, id, 2, { id: 'pb_ops_visible', batteryPct: 90 });
    const res = await fx.app.inject({ method: 'GET', url: `/v1/ops/stations/${id}`, headers: admin });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id,
      status: 'available',
      connectivity: 'online',
      clockOffsetMs: 0,
      lastSeenAt: null,
      counts: { total: 3, rentable: 1, returnSlots: 2 },
      site: { city: 'London' },
    });
    expect(body.slots[1]).toMatchObject({
      slot: 2,
      powerBankId: 'pb_ops_visible',
      rentable: true,
      healthPct: 95,
    });

    const missing = await fx.app.inject({ method: 'GET', url: '/v1/ops/stations/stn_nope', headers: admin });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('FLEET_STATION_NOT_FOUND');
  });

  it('sends a command through the gateway and answers 202 with the tracked command', async () => {
    const commands = fakeCommands(() => fx);
    fx = await httpFixture({ deps: { commands } });
    const id = await addStation(fx, { lat: 51.5, lng: -0.12 });
    const res = await fx.app.inject({
      method: 'POST',
      url: `/v1/ops/stations/${id}/commands`,
      headers: admin,
      payload: { type: 'eject', params: { slot: 1, powerBankId: 'pb_1' } },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({
      stationId: id,
      type: 'eject',
      status: 'pending',
      requestedBy: 'ops:admin',
    });
    expect(commands.sent).toEqual([
      { stationId: id, type: 'eject', params: { slot: 1, powerBankId: 'pb_1' }, requestedBy: 'ops:admin' },
    ]);

    // The sender's validation errors reach the caller with the field named.
    const bad = await fx.app.inject({
      method: 'POST',
      url: `/v1/ops/stations/${id}/commands`,
      headers: admin,
      payload: { type: 'eject', params: { slot: 'one' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: 'params.slot: Expected integer',
      errors: [{ field: 'params.slot', message: 'Expected integer' }],
    });

    // A second eject while the first is in flight is a conflict.
    const second = await fx.app.inject({
      method: 'POST',
      url: `/v1/ops/stations/${id}/commands`,
      headers: admin,
      payload: { type: 'eject', params: { slot: 2, powerBankId: 'pb_2' } },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('FLEET_EJECT_IN_PROGRESS');
  });

  it('answers 503 COMMANDS_UNAVAILABLE for a send in a process without a gateway', async () => {
    fx = await httpFixture();
    const id = await addStation(fx, { lat: 51.5, lng: -0.12 });
    const res = await fx.app.inject({
      method: 'POST',
      url: `/v1/ops/stations/${id}/commands`,
      headers: admin,
      payload: { type: 'sync' },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('COMMANDS_UNAVAILABLE');
  });

  it('lists and shows tracked commands, filtered by station and status', async () => {
    fx = await httpFixture();
    const a = await addStation(fx, { lat: 51.5, lng: -0.12 });
    const b = await addStation(fx, { lat: 51.6, lng: -0.12 });
    const create = (stationId: string, type: 'sync' | 'reboot') =>
      fx.fleet.commandRecords.create({
        stationId,
        type,
        params: {},
        requestedBy: 'system',
        issuedAtMs: fx.clock.nowMs(),
        expiresAtMs: fx.clock.nowMs() + 20_000,
      });
    const first = await create(a, 'sync');
    await fx.fleet.commandRecords.markSent(first.id, fx.clock.nowMs());
    await create(b, 'reboot');

    const all = await fx.app.inject({ method: 'GET', url: '/v1/ops/commands', headers: admin });
    expect(all.json().items).toHaveLength(2);
    const ofA = await fx.app.inject({
      method: 'GET',
      url: `/v1/ops/commands?station_id=${a}`,
      headers: admin,
    });
    expect(ofA.json().items.map((c: TrackedCommand) => c.id)).toEqual([first.id]);
    const sent = await fx.app.inject({ method: 'GET', url: '/v1/ops/commands?status=sent', headers: admin });
    expect(sent.json().items.map((c: TrackedCommand) => c.status)).toEqual(['sent']);
    const badStatus = await fx.app.inject({
      method: 'GET',
      url: '/v1/ops/commands?status=done',
      headers: admin,
    });
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().errors[0].field).toBe('querystring/status');

    const one = await fx.app.inject({ method: 'GET', url: `/v1/ops/commands/${first.id}`, headers: admin });
    expect(one.json()).toMatchObject({ id: first.id, type: 'sync', status: 'sent' });
    const none = await fx.app.inject({ method: 'GET', url: '/v1/ops/commands/cmd_nope', headers: admin });
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('FLEET_COMMAND_NOT_FOUND');
  });

  it('lists alerts with filters and resolves one', async () => {
    fx = await httpFixture();
    const id = await addStation(fx, { lat: 51.5, lng: -0.12 });
    const alert = await fx.fleet.alerts.raise({
      type: 'SLOT_FAULT',
      severity: 'warning',
      stationId: id,
      message: 'Slot 2 reports MOTOR',
      details: { slot: 2 },
    });
    await fx.fleet.alerts.raise({ type: 'BANK_UNKNOWN', severity: 'info', message: 'Unknown bank' });

    const open = await fx.app.inject({
      method: 'GET',
      url: `/v1/ops/alerts?status=open&station_id=${id}`,
      headers: admin,
    });
    expect(open.json().items).toEqual([expect.objectContaining({ id: alert.id, details: { slot: 2 } })]);
    const byType = await fx.app.inject({
      method: 'GET',
      url: '/v1/ops/alerts?type=BANK_UNKNOWN',
      headers: admin,
    });
    expect(byType.json().items.map((a: { type: string }) => a.type)).toEqual(['BANK_UNKNOWN']);

    const resolved = await fx.app.inject({
      method: 'POST',
      url: `/v1/ops/alerts/${alert.id}/resolve`,
      headers: admin,
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ id: alert.id, status: 'resolved' });
    const stillOpen = await fx.app.inject({
      method: 'GET',
      url: '/v1/ops/alerts?status=open',
      headers: admin,
    });
    expect(stillOpen.json().items.map((a: { type: string }) => a.type)).toEqual(['BANK_UNKNOWN']);

    const unknown = await fx.app.inject({
      method: 'POST',
      url: '/v1/ops/alerts/alr_nope/resolve',
      headers: admin,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('FLEET_ALERT_NOT_FOUND');
  });

  it("lists a station's recent messages newest first", async () => {
    fx = await httpFixture();
    const id = await addStation(fx, { lat: 51.5, lng: -0.12 });
    for (let i = 1; i <= 3; i++) {
      await fx.fleet.messages.recordInbound({
        stationId: id,
        kind: 'event',
        messageId: `m${i}`,
        payload: JSON.stringify({ v: 1, id: `m${i}` }),
        stationTs: fx.clock.now().toISOString(),
        receivedAtMs: fx.clock.nowMs() + i * 1000,
      });
    }
    const res = await fx.app.inject({
      method: 'GET',
      url: `/v1/ops/stations/${id}/messages?limit=2`,
      headers: admin,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((m: { messageId: string }) => m.messageId)).toEqual(['m3', 'm2']);
    const missing = await fx.app.inject({
      method: 'GET',
      url: '/v1/ops/stations/stn_nope/messages',
      headers: admin,
    });
    expect(missing.statusCode).toBe(404);
  });
});
