import { describe, expect, it } from 'vitest';
import type { SlotReport } from '../../gateway/protocol/messages.js';
import {
  reconcileInventory,
  type ReconcileInput,
  type StoredBank,
  type StoredSlot,
} from './inventory.reconcile.js';

const S = 'stn_A';
const T0 = 1_000_000;
const AT = 2_000_000;

const empty = (slot: number, stateAtMs = T0): StoredSlot => ({
  slot,
  powerBankId: null,
  state: 'empty',
  batteryPct: null,
  faults: [],
  stateAtMs,
});
const holding = (slot: number, powerBankId: string, batteryPct = 50, stateAtMs = T0): StoredSlot => ({
  slot,
  powerBankId,
  state: 'charging',
  batteryPct,
  faults: [],
  stateAtMs,
});
const bankAt = (id: string, slot: number, over: Partial<StoredBank> = {}): StoredBank => ({
  id,
  location: 'slot',
  stationId: S,
  slot,
  status: 'active',
  batteryPct: 50,
  locationAtMs: T0,
  ...over,
});
const report = (
  slot: number,
  powerBankId: string | null,
  batteryPct = 50,
  over: Partial<SlotReport> = {},
): SlotReport => ({
  slot,
  powerBankId,
  batteryPct: powerBankId ? batteryPct : 0,
  state: powerBankId ? 'charging' : 'empty',
  faults: [],
  ...over,
});

function run(over: Partial<ReconcileInput>) {
  return reconcileInventory({
    stationId: S,
    atMs: AT,
    firstInventory: false,
    slots: [],
    banks: [],
    reported: [],
    ...over,
  });
}

describe('reconcileInventory', () => {
  it('confirms an inventory that matches our records: no changes, no findings, times advance', () => {
    const r = run({
      slots: [holding(1, 'pb_1'), empty(2)],
      banks: [bankAt('pb_1', 1)],
      reported: [report(1, 'pb_1'), report(2, null)],
    });
    expect(r.slotChanges).toEqual([]);
    expect(r.bankChanges).toEqual([]);
    expect(r.findings).toEqual([]);
    expect(r.confirmedSlots).toEqual([1, 2]);
    expect(r.confirmedBanks).toEqual(['pb_1']);
  });

  it('updates battery and state without calling it drift', () => {
    const r = run({
      slots: [holding(1, 'pb_1', 50)],
      banks: [bankAt('pb_1', 1)],
      reported: [report(1, 'pb_1', 100, { state: 'ready' })],
    });
    expect(r.slotChanges).toEqual([
      { slot: 1, powerBankId: 'pb_1', state: 'ready', batteryPct: 100, faults: [] },
    ]);
    expect(r.bankChanges).toEqual([{ id: 'pb_1', location: 'slot', stationId: S, slot: 1, batteryPct: 100 }]);
    expect(r.findings).toEqual([]);
  });

  it('reports drift when a slot holds a different bank, moves the new one in and the old one to lost', () => {
    const r = run({
      slots: [holding(1, 'pb_1')],
      banks: [
        bankAt('pb_1', 1),
        { ...bankAt('pb_2', 0), location: 'warehouse', stationId: null, slot: null },
      ],
      reported: [report(1, 'pb_2')],
    });
    expect(r.findings).toContainEqual({
      kind: 'slot_drift',
      slot: 1,
      before: { powerBankId: 'pb_1', state: 'charging' },
      after: { powerBankId: 'pb_2', state: 'charging' },
    });
    expect(r.findings).toContainEqual({ kind: 'bank_missing', powerBankId: 'pb_1', slot: 1 });
    expect(r.bankChanges).toEqual([
      { id: 'pb_2', location: 'slot', stationId: S, slot: 1, batteryPct: 50 },
      { id: 'pb_1', location: 'lost', stationId: null, slot: null },
    ]);
    // From the warehouse is a restock: drift only, no bank-level finding.
    expect(r.findings.map((f) => f.kind).sort()).toEqual(['bank_missing', 'slot_drift']);
  });

  it('reports drift for a slot now empty and marks the bank we expected there lost', () => {
    const r = run({ slots: [holding(3, 'pb_3')], banks: [bankAt('pb_3', 3)], reported: [report(3, null)] });
    expect(r.slotChanges).toEqual([
      { slot: 3, powerBankId: null, state: 'empty', batteryPct: null, faults: [] },
    ]);
    expect(r.bankChanges).toEqual([{ id: 'pb_3', location: 'lost', stationId: null, slot: null }]);
    expect(r.findings.map((f) => f.kind).sort()).toEqual(['bank_missing', 'slot_drift']);
  });

  it('on the first inventory, banks in slots we recorded empty are the baseline, not drift', () => {
    const banks = [{ ...bankAt('pb_1', 0), location: 'warehouse' as const, stationId: null, slot: null }];
    const first = run({ firstInventory: true, slots: [empty(1)], banks, reported: [report(1, 'pb_1')] });
    expect(first.findings).toEqual([]);
    expect(first.slotChanges).toHaveLength(1);
    const later = run({ firstInventory: false, slots: [empty(1)], banks, reported: [report(1, 'pb_1')] });
    expect(later.findings.map((f) => f.kind)).toEqual(['slot_drift']);
  });

  it('moves a bank between two slots of the station without losing it', () => {
    const r = run({
      slots: [holding(1, 'pb_1'), empty(2)],
      banks: [bankAt('pb_1', 1)],
      reported: [report(1, null), report(2, 'pb_1')],
    });
    expect(r.bankChanges).toEqual([{ id: 'pb_1', location: 'slot', stationId: S, slot: 2, batteryPct: 50 }]);
    expect(r.findings.filter((f) => f.kind === 'bank_missing')).toEqual([]);
  });

  it('reports a bank never registered, keeping it in the slot', () => {
    const r = run({ slots: [empty(1)], reported: [report(1, 'pb_ghost')] });
    expect(r.findings).toContainEqual({ kind: 'bank_unknown', slot: 1, powerBankId: 'pb_ghost' });
    expect(r.slotChanges[0]).toMatchObject({ powerBankId: 'pb_ghost' });
    expect(r.bankChanges).toEqual([]);
  });

  it('reports lost, blacklisted, rented-out and other-station banks turning up', () => {
    const r = run({
      firstInventory: true,
      slots: [empty(1), empty(2), empty(3), empty(4)],
      banks: [
        { ...bankAt('pb_lost', 0), location: 'lost', stationId: null, slot: null },
        {
          ...bankAt('pb_black', 0),
          location: 'warehouse',
          stationId: null,
          slot: null,
          status: 'blacklisted',
        },
        { ...bankAt('pb_rent', 0), location: 'rental', stationId: null, slot: null },
        { ...bankAt('pb_other', 7), stationId: 'stn_B' },
      ],
      reported: [report(1, 'pb_lost'), report(2, 'pb_black'), report(3, 'pb_rent'), report(4, 'pb_other')],
    });
    expect(r.findings).toEqual(
      expect.arrayContaining([
        { kind: 'bank_lost_returned', slot: 1, powerBankId: 'pb_lost' },
        { kind: 'bank_blacklisted', slot: 2, powerBankId: 'pb_black' },
        {
          kind: 'bank_unexpected',
          slot: 3,
          powerBankId: 'pb_rent',
          previous: { location: 'rental', stationId: null, slot: null },
        },
        {
          kind: 'bank_unexpected',
          slot: 4,
          powerBankId: 'pb_other',
          previous: { location: 'slot', stationId: 'stn_B', slot: 7 },
        },
      ]),
    );
    expect(r.movedFromStations).toEqual([{ powerBankId: 'pb_other', stationId: 'stn_B', slot: 7 }]);
    expect(r.bankChanges.map((b) => b.id)).toEqual(['pb_lost', 'pb_black', 'pb_rent', 'pb_other']);
  });

  it('does not re-report a blacklisted bank already recorded in that slot', () => {
    const r = run({
      slots: [holding(1, 'pb_black')],
      banks: [bankAt('pb_black', 1, { status: 'blacklisted' })],
      reported: [report(1, 'pb_black')],
    });
    expect(r.findings).toEqual([]);
  });

  it('leaves alone a slot for which we hold a newer fact (a late inventory)', () => {
    const r = run({
      slots: [holding(1, 'pb_1', 50, AT + 1)],
      banks: [bankAt('pb_1', 1, { locationAtMs: AT + 1 })],
      reported: [report(1, null)],
    });
    expect(r.staleSlots).toEqual([1]);
    expect(r.slotChanges).toEqual([]);
    expect(r.bankChanges).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it('does not move a bank for which we hold a newer location fact, even when its slot is fresh', () => {
    const r = run({
      slots: [empty(1), empty(2)],
      banks: [
        { ...bankAt('pb_1', 0), location: 'rental', stationId: null, slot: null, locationAtMs: AT + 5 },
      ],
      reported: [report(1, 'pb_1'), report(2, null)],
    });
    expect(r.bankChanges).toEqual([]);
    expect(r.findings.map((f) => f.kind)).toEqual(['slot_drift']);
  });

  it('does not mark lost a bank whose slot the inventory did not describe or describes late', () => {
    const r = run({
      slots: [holding(1, 'pb_1'), holding(2, 'pb_2', 50, AT + 1)],
      banks: [bankAt('pb_1', 1), bankAt('pb_2', 2)],
      reported: [report(2, null)],
    });
    expect(r.bankChanges).toEqual([]);
  });

  it('ignores slot numbers the station does not have and repeated slots', () => {
    const r = run({ slots: [empty(1)], reported: [report(1, null), report(9, 'pb_x'), report(1, 'pb_y')] });
    expect(r.unknownSlots).toEqual([9, 1]);
    expect(r.confirmedSlots).toEqual([1]);
  });

  it('reports a bank reported in two slots once, and moves it only to the first', () => {
    const r = run({
      slots: [empty(1), empty(2)],
      banks: [{ ...bankAt('pb_1', 0), location: 'warehouse', stationId: null, slot: null }],
      reported: [report(1, 'pb_1'), report(2, 'pb_1')],
    });
    expect(r.findings).toContainEqual({ kind: 'bank_duplicated', slot: 2, powerBankId: 'pb_1' });
    expect(r.bankChanges).toEqual([{ id: 'pb_1', location: 'slot', stationId: S, slot: 1, batteryPct: 50 }]);
  });

  it('reports faults appearing and clearing', () => {
    const faulted = run({
      slots: [empty(1)],
      reported: [report(1, null, 0, { state: 'fault', faults: ['MOTOR'] })],
    });
    expect(faulted.findings).toEqual([{ kind: 'slot_faulted', slot: 1, faults: ['MOTOR'] }]);
    expect(faulted.slotChanges[0]).toMatchObject({ state: 'fault', faults: ['MOTOR'] });
    const cleared = run({
      slots: [{ ...empty(1), state: 'fault', faults: ['MOTOR'] }],
      reported: [report(1, null)],
    });
    expect(cleared.findings).toEqual([{ kind: 'slot_fault_cleared', slot: 1 }]);
  });

  it('is idempotent: applying its own result and reconciling again changes and finds nothing', () => {
    const first = run({
      slots: [holding(1, 'pb_1'), empty(2)],
      banks: [
        bankAt('pb_1', 1),
        { ...bankAt('pb_2', 0), location: 'warehouse', stationId: null, slot: null },
      ],
      reported: [report(1, 'pb_2'), report(2, null)],
    });
    expect(first.findings.length).toBeGreaterThan(0);
    const second = run({
      slots: [holding(1, 'pb_2', 50, AT), empty(2, AT)],
      banks: [
        bankAt('pb_1', 0, { location: 'lost', stationId: null, slot: null }),
        bankAt('pb_2', 1, { locationAtMs: AT }),
      ],
      reported: [report(1, 'pb_2'), report(2, null)],
    });
    expect(second.findings).toEqual([]);
    expect(second.slotChanges).toEqual([]);
    expect(second.bankChanges).toEqual([]);
  });
});
