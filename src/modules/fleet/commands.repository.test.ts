import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test/helpers/db.js';
import { fleetStateHarness, type FleetStateHarness } from '../../../test/helpers/fleet-state.fixtures.js';

describe.each(testDialects())('tracked command records on %s', (dialect) => {
  let h: FleetStateHarness;

  beforeAll(async () => {
    h = await fleetStateHarness(dialect);
  });
  afterAll(() => h.drop());

  const eject = (stationId: string, slot = 1) => {
    const now = h.clock.nowMs();
    return h.commands.create({
      stationId,
      type: 'eject',
      params: { slot, powerBankId: `pb_${slot}` },
      requestedBy: 'rental:rnt_1',
      issuedAtMs: now,
      expiresAtMs: now + 20_000,
    });
  };

  it('creates a pending command that can be read back and listed', async () => {
    const stationId = await h.addStation();
    const cmd = await eject(stationId);
    expect(cmd).toMatchObject({
      stationId,
      type: 'eject',
      status: 'pending',
      params: { slot: 1 },
      sentAt: null,
    });
    expect(cmd.id).toMatch(/^cmd_/);
    expect(await h.commands.get(cmd.id)).toMatchObject({
      id: cmd.id,
      status: 'pending',
      requestedBy: 'rental:rnt_1',
    });
    expect((await h.commands.list({ stationId })).map((c) => c.id)).toEqual([cmd.id]);
  });

  it('allows one eject in flight per station; after completion a new eject works', async () => {
    const stationId = await h.addStation();
    const other = await h.addStation();
    const first = await eject(stationId, 1);
    await expect(eject(stationId, 2)).rejects.toMatchObject({ code: 'FLEET_EJECT_IN_PROGRESS', status: 409 });
    await eject(other, 1); // another station is not blocked
    const sync = await h.commands.create({
      stationId,
      type: 'sync',
      params: {},
      requestedBy: 'system',
      issuedAtMs: h.clock.nowMs(),
      expiresAtMs: h.clock.nowMs() + 1000,
    });
    expect(sync.status).toBe('pending'); // only ejects are exclusive
    expect(await h.commands.markSent(first.id, h.clock.nowMs())).toBe(true);
    await expect(eject(stationId, 2)).rejects.toMatchObject({ code: 'FLEET_EJECT_IN_PROGRESS' });
    await h.commands.complete(first.id, { status: 'succeeded' }, h.clock.nowMs());
    expect((await eject(stationId, 2)).status).toBe('pending');
  });

  it('rejects a command for a station that does not exist', async () => {
    await expect(eject('stn_missing')).rejects.toMatchObject({ code: 'FLEET_STATION_NOT_FOUND' });
  });

  it('completes once: a late or duplicate result changes nothing and returns undefined', async () => {
    const stationId = await h.addStation();
    const cmd = await eject(stationId);
    await h.commands.markSent(cmd.id, h.clock.nowMs());
    h.clock.advance(2000);
    const done = await h.commands.complete(
      cmd.id,
      { status: 'failed', code: 'MOTOR', result: { status: 'failed', code: 'MOTOR' } },
      h.clock.nowMs(),
    );
    expect(done).toMatchObject({ status: 'failed', resultCode: 'MOTOR', result: { code: 'MOTOR' } });
    expect(done!.completedAt).toBe(h.clock.now().toISOString());
    expect(await h.commands.complete(cmd.id, { status: 'succeeded' }, h.clock.nowMs())).toBeUndefined();
    expect(await h.commands.get(cmd.id)).toMatchObject({ status: 'failed', resultCode: 'MOTOR' });
    expect(await h.commands.markSent(cmd.id, h.clock.nowMs())).toBe(false);
  });

  it("a station's result completes only its own in-flight command, and says why otherwise", async () => {
    const stationId = await h.addStation();
    const other = await h.addStation();
    const cmd = await eject(stationId);
    const sentAtMs = h.clock.nowMs();
    await h.commands.markSent(cmd.id, sentAtMs, {
      stationId,
      commandId: cmd.id,
      payload: { x: 1 },
      sentAtMs,
    });
    const outcome = { status: 'succeeded' as const, result: { status: 'ok' } };

    const foreign = await h.commands.completeFromStation(other, cmd.id, outcome, h.clock.nowMs());
    expect(foreign).toEqual({ command: expect.objectContaining({ id: cmd.id, stationId, status: 'sent' }) });
    expect(await h.commands.completeFromStation(stationId, 'cmd_nope', outcome, h.clock.nowMs())).toEqual({
      command: undefined,
    });

    // The completed command as the update left it (RETURNING, or read back on MySQL), lock released.
    const done = await h.commands.completeFromStation(stationId, cmd.id, outcome, h.clock.nowMs());
    expect(done.completed).toEqual(await h.commands.get(cmd.id));
    expect(done.completed).toMatchObject({ status: 'succeeded', sentAt: h.clock.now().toISOString() });
    expect((await eject(stationId, 2)).status).toBe('pending');
    const again = await h.commands.completeFromStation(stationId, cmd.id, outcome, h.clock.nowMs());
    expect(again).toEqual({ command: expect.objectContaining({ status: 'succeeded' }) });
    // markSent logged the published payload in its transaction.
    const log = (await h.messages.list(stationId)).filter((m) => m.direction === 'out');
    expect(log).toMatchObject([{ messageId: cmd.id, outcome: 'sent', payload: '{"x":1}' }]);
  });

  it('a result that beats markSent still completes the command, and markSent then leaves it alone', async () => {
    const stationId = await h.addStation();
    const cmd = await eject(stationId);
    expect(await h.commands.complete(cmd.id, { status: 'succeeded' }, h.clock.nowMs())).toMatchObject({
      status: 'succeeded',
    });
    expect(await h.commands.markSent(cmd.id, h.clock.nowMs())).toBe(false);
    expect((await h.commands.get(cmd.id))!.status).toBe('succeeded');
  });

  it('times out sent commands without a result, and never touches them again', async () => {
    const stationId = await h.addStation();
    const cmd = await eject(stationId);
    await h.commands.markSent(cmd.id, h.clock.nowMs());
    h.clock.advance(29_000);
    expect(await h.commands.timeOutSentBefore(h.clock.nowMs() - 30_000)).toEqual([]);
    h.clock.advance(2_000);
    const timedOut = await h.commands.timeOutSentBefore(h.clock.nowMs() - 30_000);
    expect(timedOut.map((c) => [c.id, c.status])).toEqual([[cmd.id, 'timed_out']]);
    expect((await h.commands.timeOutSentBefore(h.clock.nowMs())).map((c) => c.id)).not.toContain(cmd.id);
    // The late result of a timed-out eject is ignored, and the eject lock was released.
    expect(await h.commands.complete(cmd.id, { status: 'succeeded' }, h.clock.nowMs())).toBeUndefined();
    expect((await eject(stationId)).status).toBe('pending');
  });

  it('expires pending commands past their expiry; an expired command stays expired', async () => {
    const stationId = await h.addStation();
    const cmd = await eject(stationId);
    const mine = (list: { id: string; stationId: string; status: string }[]) =>
      list.filter((c) => c.stationId === stationId).map((c) => [c.id, c.status]);
    expect(mine(await h.commands.expirePendingBefore(h.clock.nowMs() + 19_000))).toEqual([]);
    h.clock.advance(21_000);
    expect(mine(await h.commands.expirePendingBefore(h.clock.nowMs()))).toEqual([[cmd.id, 'expired']]);
    expect(await h.commands.markSent(cmd.id, h.clock.nowMs())).toBe(false);
    expect(mine(await h.commands.timeOutSentBefore(h.clock.nowMs() + 60_000))).toEqual([]);
    expect((await h.commands.get(cmd.id))!.status).toBe('expired');
  });

  it('lists newest first, filtered by station and status, limited', async () => {
    const stationId = await h.addStation();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      h.clock.advance(1000);
      const now = h.clock.nowMs();
      const c = await h.commands.create({
        stationId,
        type: 'sync',
        params: {},
        requestedBy: 'system',
        issuedAtMs: now,
        expiresAtMs: now + 1000,
      });
      ids.push(c.id);
    }
    await h.commands.markSent(ids[1]!, h.clock.nowMs());
    expect((await h.commands.list({ stationId })).map((c) => c.id)).toEqual([...ids].reverse());
    expect((await h.commands.list({ stationId, status: 'sent' })).map((c) => c.id)).toEqual([ids[1]]);
    expect(await h.commands.list({ stationId, limit: 2 })).toHaveLength(2);
  });
});
