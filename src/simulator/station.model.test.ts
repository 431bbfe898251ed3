import { describe, expect, it } from 'vitest';
import { Random } from './random.js';
import { StationModel, type Draft, type StationModelOptions } from './station.model.js';

const T0 = Date.parse('2026-01-15T10:00:00.000Z');

function model(options: Partial<StationModelOptions> = {}): StationModel {
  return new StationModel({
    slotCount: 4,
    slots: [
      { slot: 1, powerBankId: 'pb_A', batteryPct: 90 },
      { slot: 2, powerBankId: 'pb_B', batteryPct: 40 },
    ],
    rng: new Random(7),
    startMs: T0,
    takeProbability: 1,
    takeDelayMs: [2000, 2000],
    ...options,
  });
}

let n = 0;
function command(type: string, params: Record<string, unknown> = {}, at = T0, ttlMs = 20_000) {
  return {
    v: 1,
    commandId: `cmd_${++n}`,
    type,
    issuedAt: new Date(at).toISOString(),
    expiresAt: new Date(at + ttlMs).toISOString(),
    ...params,
  };
}

const results = (drafts: Draft[]) => drafts.filter((d) => d.kind === 'result').map((d) => d.body);
const events = (drafts: Draft[]) => drafts.filter((d) => d.kind === 'event').map((d) => d.body);

describe('StationModel: eject', () => {
  it('answers ok, then reports bank_removed with the commandId once the rider takes it', () => {
    const m = model();
    const cmd = command('eject', { slot: 1, powerBankId: 'pb_A' });
    expect(results(m.handleCommand(cmd, T0).drafts)).toEqual([
      { commandId: cmd.commandId, status: 'ok', slot: 1, powerBankId: 'pb_A' },
    ]);
    expect(events(m.advance(T0 + 1000))).toEqual([]);
    expect(events(m.advance(T0 + 2000))).toEqual([
      { type: 'bank_removed', slot: 1, powerBankId: 'pb_A', commandId: cmd.commandId },
    ]);
    expect(m.slotReports()[0]).toMatchObject({ powerBankId: null, state: 'empty' });
  });

  it('pulls the power bank back in (bank_retracted) when nobody takes it within the take timeout', () => {
    const m = model({ takeProbability: 0, takeTimeoutSeconds: 30 });
    const cmd = command('eject', { slot: 1, powerBankId: 'pb_A' });
    m.handleCommand(cmd, T0);
    expect(events(m.advance(T0 + 29_000))).toEqual([]);
    expect(events(m.advance(T0 + 30_000))).toEqual([
      { type: 'bank_retracted', slot: 1, powerBankId: 'pb_A', commandId: cmd.commandId },
    ]);
    expect(m.slotReports()[0]?.powerBankId).toBe('pb_A');
  });

  it('does one eject at a time: a second one while the first is in progress is BUSY', () => {
    const m = model();
    m.handleCommand(command('eject', { slot: 1, powerBankId: 'pb_A' }), T0);
    const second = command('eject', { slot: 2, powerBankId: 'pb_B' });
    expect(results(m.handleCommand(second, T0 + 500).drafts)[0]).toMatchObject({
      status: 'failed',
      code: 'BUSY',
    });
    m.advance(T0 + 2000);
    const third = command('eject', { slot: 2, powerBankId: 'pb_B' }, T0 + 2000);
    expect(results(m.handleCommand(third, T0 + 2000).drafts)[0]).toMatchObject({ status: 'ok' });
  });

  it.each([
    ['an empty slot', { slot: 3, powerBankId: 'pb_X' }, 'SLOT_EMPTY'],
    ['another power bank than the one in the slot', { slot: 2, powerBankId: 'pb_A' }, 'BANK_MISMATCH'],
  ])('fails %s with its code and ejects nothing', (_what, params, code) => {
    const m = model();
    expect(results(m.handleCommand(command('eject', params), T0).drafts)[0]).toMatchObject({
      status: 'failed',
      code,
    });
    expect(m.ejectInProgress()).toBeUndefined();
    expect(m.slotReports().map((s) => s.powerBankId)).toEqual(['pb_A', 'pb_B', null, null]);
  });

  it('fails DISABLED on a slot disabled by set_slot, and the slot reports disabled', () => {
    const m = model();
    expect(
      results(m.handleCommand(command('set_slot', { slot: 1, enabled: false }), T0).drafts)[0],
    ).toMatchObject({
      status: 'ok',
    });
    expect(m.slotReports()[0]?.state).toBe('disabled');
    expect(
      results(m.handleCommand(command('eject', { slot: 1, powerBankId: 'pb_A' }), T0).drafts)[0],
    ).toMatchObject({
      status: 'failed',
      code: 'DISABLED',
    });
  });

  it('fails with the fault code when the slot motor or lock is faulty', () => {
    const m = model();
    expect(events([m.fault(1, 'LOCK', T0, T0 + 60_000)])).toEqual([
      { type: 'slot_fault', slot: 1, code: 'LOCK' },
    ]);
    expect(m.slotReports()[0]).toMatchObject({ state: 'fault', faults: ['LOCK'] });
    expect(
      results(m.handleCommand(command('eject', { slot: 1, powerBankId: 'pb_A' }), T0).drafts)[0],
    ).toMatchObject({
      status: 'failed',
      code: 'LOCK',
    });
    expect(events(m.advance(T0 + 60_000))).toEqual([{ type: 'slot_recovered', slot: 1 }]);
    expect(m.slotReports()[0]?.state).toBe('charging');
  });

  it('fails MOTOR at the configured mechanical failure rate', () => {
    const m = model({ ejectFailureRate: 1 });
    expect(
      results(m.handleCommand(command('eject', { slot: 1, powerBankId: 'pb_A' }), T0).drafts)[0],
    ).toMatchObject({
      status: 'failed',
      code: 'MOTOR',
    });
  });
});

describe('StationModel: command rules', () => {
  it('answers a repeated commandId with the same result and does nothing again', () => {
    const m = model();
    const cmd = command('eject', { slot: 1, powerBankId: 'pb_A' });
    const first = results(m.handleCommand(cmd, T0).drafts);
    m.advance(T0 + 2000);
    const again = m.handleCommand(cmd, T0 + 3000);
    expect(results(again.drafts)).toEqual(first);
    expect(again.drafts).toHaveLength(1);
    expect(m.ejectInProgress()).toBeUndefined();
    expect(events(m.advance(T0 + 10_000))).toEqual([]);
  });

  it('answers a command received after expiresAt with expired and does not execute it', () => {
    const m = model();
    const cmd = command('eject', { slot: 1, powerBankId: 'pb_A' }, T0, 20_000);
    expect(results(m.handleCommand(cmd, T0 + 25_000).drafts)[0]).toMatchObject({ status: 'expired' });
    expect(m.ejectInProgress()).toBeUndefined();
  });

  it('executes an expired command when it ignores expiry, like some firmware in the field', () => {
    const m = model({ ignoreExpiry: true });
    const cmd = command('eject', { slot: 1, powerBankId: 'pb_A' }, T0, 20_000);
    expect(results(m.handleCommand(cmd, T0 + 25_000).drafts)[0]).toMatchObject({ status: 'ok' });
    expect(m.ejectInProgress()?.commandId).toBe(cmd.commandId);
  });

  it('judges expiry by its own clock, corrected by the serverTime of a configure command', () => {
    const slowBy = -60_000;
    const m = model({ clockDriftMs: slowBy });
    const late = command('sync', {}, T0, 20_000);
    // The station's clock is a minute slow, so a command 30 s past expiry still looks fresh to it.
    expect(results(m.handleCommand(late, T0 + 30_000).drafts)[0]).toMatchObject({ status: 'ok' });
    const configure = command('configure', { serverTime: new Date(T0 + 30_000).toISOString() }, T0 + 30_000);
    m.handleCommand(configure, T0 + 30_000);
    const lateAgain = command('sync', {}, T0, 20_000);
    expect(results(m.handleCommand(lateAgain, T0 + 30_000).drafts)[0]).toMatchObject({ status: 'expired' });
  });

  it('rejects unknown command types and bad params', () => {
    const m = model();
    expect(results(m.handleCommand(command('self_destruct'), T0).drafts)[0]).toMatchObject({
      status: 'rejected',
    });
    expect(results(m.handleCommand(command('eject', { slot: 'one' }), T0).drafts)[0]).toMatchObject({
      status: 'rejected',
    });
    expect(
      results(m.handleCommand(command('set_slot', { slot: 9, enabled: false }), T0).drafts)[0],
    ).toMatchObject({
      status: 'rejected',
    });
    expect(m.handleCommand({ type: 'sync' }, T0).drafts).toEqual([]);
  });

  it('publishes a fresh inventory after sync, and applies configure', () => {
    const m = model();
    const drafts = m.handleCommand(command('sync'), T0).drafts;
    expect(drafts.map((d) => d.kind)).toEqual(['result', 'inventory']);
    m.handleCommand(command('configure', { heartbeatSeconds: 15, takeTimeoutSeconds: 45 }), T0);
    expect([m.heartbeatSeconds, m.takeTimeoutSeconds]).toEqual([15, 45]);
  });

  it('answers reboot and firmware with ok and asks to restart', () => {
    const m = model();
    expect(m.handleCommand(command('reboot'), T0).reboot).toBe(true);
    const fw = command('firmware', {
      url: 'https://fw.example.com/2.0.bin',
      sha256: 'a'.repeat(64),
      version: '2.0.0',
    });
    const outcome = m.handleCommand(fw, T0);
    expect([outcome.reboot, m.firmware]).toEqual([true, '2.0.0']);
  });
});

describe('StationModel: the physical world', () => {
  it('charges banks over (scaled) time and reports ready at 100', () => {
    const m = model({ timeScale: 60 });
    // One real minute at 60× is one simulated hour.
    m.advance(T0 + 60_000);
    const [a, b] = m.slotReports();
    expect(a).toMatchObject({ batteryPct: 100, state: 'ready' });
    expect(b?.batteryPct).toBeGreaterThan(90);
    expect(b?.state).toBe('charging');
  });

  it('does not charge in a faulted or disabled slot', () => {
    const m = model();
    m.fault(2, 'CHARGER', T0, T0 + 3_600_000);
    m.advance(T0 + 30 * 60_000);
    expect(m.slotReports()[1]?.batteryPct).toBe(40);
  });

  it('sends an inventory every 20 simulated minutes', () => {
    const m = model({ timeScale: 10 });
    expect(m.advance(T0 + 119_000).filter((d) => d.kind === 'inventory')).toHaveLength(0);
    expect(m.advance(T0 + 120_000).filter((d) => d.kind === 'inventory')).toHaveLength(1);
    expect(m.advance(T0 + 200_000).filter((d) => d.kind === 'inventory')).toHaveLength(0);
  });

  it('accepts a returned power bank into an empty slot and refuses an occupied one', () => {
    const m = model();
    expect(m.returnBank(3, 'pb_R', { batteryPct: 12, healthPct: 95 }).body).toMatchObject({
      type: 'bank_inserted',
      slot: 3,
      powerBankId: 'pb_R',
      batteryPct: 12,
      healthPct: 95,
    });
    expect(m.slotReports()[2]).toMatchObject({ powerBankId: 'pb_R', batteryPct: 12, state: 'charging' });
    expect(() => m.returnBank(1, 'pb_S')).toThrow(/already holds pb_A/);
  });

  it('reports a forced removal without a commandId', () => {
    expect(model().forceRemove(2).body).toEqual({ type: 'bank_removed', slot: 2, powerBankId: 'pb_B' });
  });

  it('raises faults at the configured rate, the same ones for the same seed', () => {
    const run = (seed: number) => {
      const m = model({ rng: new Random(seed), faultRate: 0.5, timeScale: 60 });
      const out: unknown[] = [];
      for (let minute = 1; minute <= 60; minute++) out.push(...events(m.advance(T0 + minute * 60_000)));
      return out;
    };
    const a = run(42);
    expect(a.some((e) => (e as { type: string }).type === 'slot_fault')).toBe(true);
    expect(run(42)).toEqual(a);
    expect(run(43)).not.toEqual(a);
  });
});
