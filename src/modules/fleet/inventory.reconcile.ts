import type { SlotReport } from '../../gateway/protocol/messages.js';
import type { PowerBankLocation, PowerBankStatus, SlotState } from './fleet.tables.js';

/**
 * Inventory reconciliation as a pure function: given what we recorded and what the station reports,
 * decide what to write and what to report. No I/O; StationStateService does the reading and writing.
 *
 * Rules:
 * - The latest inventory is the truth for which slot holds which power bank, except where we hold a
 *   NEWER fact: a slot whose state_at (or a bank whose location_at) is later than the inventory is
 *   left alone, so a late inventory never undoes a newer event.
 * - A slot whose bank differs from our record is drift (reported with before/after). On a station's
 *   FIRST inventory, banks found in slots we recorded empty are the baseline, not drift.
 * - A bank we believed in one of this station's reported slots but that the inventory does not show
 *   anywhere becomes 'lost' (not 'in_transit', which means ops are carrying it on purpose). Its
 *   location_at is NOT advanced: 'lost' is an inference, so a late bank_removed (e.g. with the eject
 *   command that explains it) or any later fact still applies and corrects it.
 * - Banks never registered are shown in their slot but reported (and never rentable: no bank row).
 * - A bank we had as lost, blacklisted, rented out or in another station, now in a slot, is reported.
 *   Coming from the warehouse or in transit is a normal restock and reported only as drift.
 */

export interface StoredSlot {
  slot: number;
  powerBankId: string | null;
  state: SlotState;
  batteryPct: number | null;
  faults: string[];
  stateAtMs: number;
}

export interface StoredBank {
  id: string;
  location: PowerBankLocation;
  stationId: string | null;
  slot: number | null;
  status: PowerBankStatus;
  batteryPct: number;
  locationAtMs: number;
}

export interface ReconcileInput {
  stationId: string;
  /** Station time (corrected) of the inventory */
  atMs: number;
  /** No inventory was ever applied for this station */
  firstInventory: boolean;
  slots: StoredSlot[];
  /** Every registered bank that is reported, or recorded in this station's slots or as located here */
  banks: StoredBank[];
  reported: SlotReport[];
}

interface SlotContent {
  powerBankId: string | null;
  state: SlotState;
}

export type Finding =
  | { kind: 'slot_drift'; slot: number; before: SlotContent; after: SlotContent }
  | { kind: 'bank_unknown'; slot: number; powerBankId: string }
  | { kind: 'bank_lost_returned'; slot: number; powerBankId: string }
  | { kind: 'bank_blacklisted'; slot: number; powerBankId: string }
  | {
      kind: 'bank_unexpected';
      slot: number;
      powerBankId: string;
      previous: { location: PowerBankLocation; stationId: string | null; slot: number | null };
    }
  | { kind: 'bank_missing'; powerBankId: string; slot: number | null }
  | { kind: 'bank_duplicated'; slot: number; powerBankId: string }
  | { kind: 'slot_faulted'; slot: number; faults: string[] }
  | { kind: 'slot_fault_cleared'; slot: number };

export interface SlotChange {
  slot: number;
  powerBankId: string | null;
  state: SlotState;
  batteryPct: number | null;
  faults: string[];
}

export type BankChange =
  | { id: string; location: 'slot'; stationId: string; slot: number; batteryPct: number }
  | { id: string; location: 'lost'; stationId: null; slot: null };

export interface ReconcileResult {
  /** Slots whose content changes (state_at advances to the inventory time) */
  slotChanges: SlotChange[];
  /** Slots reported exactly as recorded (only state_at advances) */
  confirmedSlots: number[];
  bankChanges: BankChange[];
  /** Banks reported exactly where and as we recorded them (only location_at advances) */
  confirmedBanks: string[];
  /** Banks that moved here from another station's slot; that slot must be released */
  movedFromStations: { powerBankId: string; stationId: string; slot: number }[];
  findings: Finding[];
  /** Slots skipped because we hold a newer fact about them */
  staleSlots: number[];
  /** Reported slot numbers this station does not have (or reported twice) */
  unknownSlots: number[];
}

function sameFaults(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

/** Decides the writes and findings that bring our records in line with an inventory. */
export function reconcileInventory(input: ReconcileInput): ReconcileResult {
  const { stationId, atMs } = input;
  const stored = new Map(input.slots.map((s) => [s.slot, s]));
  const banks = new Map(input.banks.map((b) => [b.id, b]));
  const out: ReconcileResult = {
    slotChanges: [],
    confirmedSlots: [],
    bankChanges: [],
    confirmedBanks: [],
    movedFromStations: [],
    findings: [],
    staleSlots: [],
    unknownSlots: [],
  };
  const reportedSlots = new Set<number>();
  const seenBanks = new Set<string>();

  for (const r of input.reported) {
    const before = stored.get(r.slot);
    if (!before || reportedSlots.has(r.slot)) {
      out.unknownSlots.push(r.slot);
      continue;
    }
    reportedSlots.add(r.slot);
    if (before.stateAtMs > atMs) {
      out.staleSlots.push(r.slot);
      continue;
    }
    const after: SlotChange = {
      slot: r.slot,
      powerBankId: r.powerBankId,
      state: r.state,
      batteryPct: r.powerBankId === null ? null : r.batteryPct,
      faults: [...r.faults],
    };
    const contentChanged =
      before.powerBankId !== after.powerBankId ||
      before.state !== after.state ||
      before.batteryPct !== after.batteryPct ||
      !sameFaults(before.faults, after.faults);
    if (contentChanged) out.slotChanges.push(after);
    else out.confirmedSlots.push(r.slot);

    const baseline = input.firstInventory && before.powerBankId === null;
    if (before.powerBankId !== after.powerBankId && !baseline) {
      out.findings.push({
        kind: 'slot_drift',
        slot: r.slot,
        before: { powerBankId: before.powerBankId, state: before.state },
        after: { powerBankId: after.powerBankId, state: after.state },
      });
    }
    if (after.state === 'fault' && before.state !== 'fault') {
      out.findings.push({ kind: 'slot_faulted', slot: r.slot, faults: after.faults });
    } else if (before.state === 'fault' && after.state !== 'fault') {
      out.findings.push({ kind: 'slot_fault_cleared', slot: r.slot });
    }

    if (r.powerBankId === null) continue;
    if (seenBanks.has(r.powerBankId)) {
      out.findings.push({ kind: 'bank_duplicated', slot: r.slot, powerBankId: r.powerBankId });
      continue;
    }
    seenBanks.add(r.powerBankId);
    reconcileReportedBank(input, { ...r, powerBankId: r.powerBankId }, banks.get(r.powerBankId), out);
  }

  for (const bank of input.banks) {
    if (bank.location !== 'slot' || bank.stationId !== stationId || seenBanks.has(bank.id)) continue;
    // Only a slot this inventory actually (and freshly) describes can tell us the bank is gone.
    const slotDescribed =
      bank.slot !== null && reportedSlots.has(bank.slot) && !out.staleSlots.includes(bank.slot);
    if (!slotDescribed || bank.locationAtMs > atMs) continue;
    out.bankChanges.push({ id: bank.id, location: 'lost', stationId: null, slot: null });
    out.findings.push({ kind: 'bank_missing', powerBankId: bank.id, slot: bank.slot });
  }
  return out;
}

function reconcileReportedBank(
  input: ReconcileInput,
  r: SlotReport & { powerBankId: string },
  bank: StoredBank | undefined,
  out: ReconcileResult,
): void {
  const { stationId, atMs } = input;
  if (!bank) {
    out.findings.push({ kind: 'bank_unknown', slot: r.slot, powerBankId: r.powerBankId });
    return;
  }
  if (bank.locationAtMs > atMs) return;
  const alreadyHere = bank.location === 'slot' && bank.stationId === stationId && bank.slot === r.slot;
  if (!alreadyHere) {
    if (bank.location === 'lost') {
      out.findings.push({ kind: 'bank_lost_returned', slot: r.slot, powerBankId: bank.id });
    } else if (bank.location === 'rental' || (bank.location === 'slot' && bank.stationId !== stationId)) {
      out.findings.push({
        kind: 'bank_unexpected',
        slot: r.slot,
        powerBankId: bank.id,
        previous: { location: bank.location, stationId: bank.stationId, slot: bank.slot },
      });
    }
    if (bank.status === 'blacklisted') {
      out.findings.push({ kind: 'bank_blacklisted', slot: r.slot, powerBankId: bank.id });
    }
    if (bank.location === 'slot' && bank.stationId && bank.stationId !== stationId && bank.slot !== null) {
      out.movedFromStations.push({ powerBankId: bank.id, stationId: bank.stationId, slot: bank.slot });
    }
  }
  if (!alreadyHere || bank.batteryPct !== r.batteryPct) {
    out.bankChanges.push({
      id: bank.id,
      location: 'slot',
      stationId,
      slot: r.slot,
      batteryPct: r.batteryPct,
    });
  } else if (bank.locationAtMs < atMs) {
    out.confirmedBanks.push(bank.id);
  }
}
