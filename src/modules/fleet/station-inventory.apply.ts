import type { Updateable } from 'kysely';
import type { SlotReport } from '../../gateway/protocol/messages.js';
import { ALERT_TYPES } from './alerts.service.js';
import type { StationTable } from './fleet.tables.js';
import type { RaiseAlertInput } from './alerts.repository.js';
import { slotFaultKey, type EventScope } from './station-events.apply.js';
import { reconcileInventory, type Finding } from './inventory.reconcile.js';
import {
  confirmBanks,
  confirmSlots,
  loadBanksFor,
  loadSlots,
  placeBank,
  releaseBankElsewhere,
  toStoredBank,
  toStoredSlot,
  touchStation,
  unplaceBank,
  writeSlot,
  type StationRow,
} from './station-state.store.js';

/** What an inventory changed and found; returned to the gateway (and shown by ops tooling). */
export interface ReconciliationReport {
  stationId: string;
  /** Station time (corrected) of the inventory */
  at: string;
  /** Anything that affects availability changed (updated_at bumped, availability_changed emitted) */
  changed: boolean;
  slotsChanged: number[];
  findings: Finding[];
  /** Slots skipped because we hold a newer fact about them */
  staleSlots: number[];
  unknownSlots: number[];
}

/** Station columns a hello writes along with its inventory, and whether the hello itself changed availability. */
export interface StationFacts {
  set: Updateable<StationTable>;
  changed: boolean;
}

/**
 * Reads, reconciles (pure) and writes one inventory inside the caller's locked transaction. The station
 * row is written once: last_inventory_at, updated_at when availability changed, and a hello's `facts`.
 */
export async function applyInventoryIn(
  scope: EventScope,
  station: StationRow,
  reported: SlotReport[],
  facts?: StationFacts,
): Promise<ReconciliationReport> {
  const { unit, stationId, at, now } = scope;
  const slotRows = await loadSlots(unit.db, stationId);
  const ids = new Set<string>();
  for (const r of reported) if (r.powerBankId) ids.add(r.powerBankId);
  for (const s of slotRows) if (s.power_bank_id) ids.add(s.power_bank_id);
  const bankRows = await loadBanksFor(unit.db, stationId, [...ids]);

  const result = reconcileInventory({
    stationId,
    atMs: Date.parse(at),
    firstInventory: station.last_inventory_at === null,
    slots: slotRows.map(toStoredSlot),
    banks: bankRows.map(toStoredBank),
    reported,
  });

  const changedStations = new Set<string>();
  for (const moved of result.movedFromStations) {
    for (const other of await releaseBankElsewhere(unit.db, moved.powerBankId, { stationId }, at, now)) {
      changedStations.add(other);
    }
  }
  const slotsChanged: number[] = [];
  for (const change of result.slotChanges) {
    if (await writeSlot(unit.db, stationId, change.slot, change, at, now)) slotsChanged.push(change.slot);
  }
  await confirmSlots(unit.db, stationId, result.confirmedSlots, at);
  let banksChanged = false;
  for (const change of result.bankChanges) {
    const written =
      change.location === 'slot'
        ? await placeBank(unit.db, change.id, stationId, change.slot, at, now, {
            batteryPct: change.batteryPct,
          })
        : await unplaceBank(unit.db, change.id, 'lost', at, now, { stationId }, false);
    banksChanged ||= written;
  }
  await confirmBanks(unit.db, result.confirmedBanks, at);

  const changed = slotsChanged.length > 0 || banksChanged;
  if (changed || facts?.changed) changedStations.add(stationId);
  // The row was read under the station's lock (or SQLite's single writer), so deciding here is exact.
  const set: Updateable<StationTable> = { ...facts?.set };
  if (station.last_inventory_at === null || station.last_inventory_at < at) set.last_inventory_at = at;
  if (changedStations.has(stationId)) set.updated_at = now;
  if (Object.keys(set).length > 0) {
    await unit.db.updateTable('fleet_stations').set(set).where('id', '=', stationId).execute();
  }
  for (const id of changedStations) {
    if (id !== stationId) await touchStation(unit.db, id, now);
    unit.emit('fleet.station.availability_changed', { stationId: id, at: now });
  }

  for (const finding of result.findings) {
    if (finding.kind === 'slot_fault_cleared') {
      await scope.alerts.resolveByKey(slotFaultKey(stationId, finding.slot), unit);
      continue;
    }
    const alert = alertFor(stationId, finding);
    if (alert) await scope.alerts.raise(alert, unit);
    else scope.logger.warn({ stationId, finding }, 'inventory finding');
  }

  return {
    stationId,
    at,
    changed,
    slotsChanged,
    findings: result.findings,
    staleSlots: result.staleSlots,
    unknownSlots: result.unknownSlots,
  };
}

/** The alert a finding raises, or undefined for findings that are only reported and logged. */
function alertFor(stationId: string, f: Finding): RaiseAlertInput | undefined {
  switch (f.kind) {
    case 'slot_drift':
      return {
        type: ALERT_TYPES.INVENTORY_DRIFT,
        severity: 'warning',
        stationId,
        ...((f.after.powerBankId ?? f.before.powerBankId)
          ? { powerBankId: (f.after.powerBankId ?? f.before.powerBankId)! }
          : {}),
        message: `Slot ${f.slot} held ${f.before.powerBankId ?? 'nothing'} by our record, the inventory shows ${f.after.powerBankId ?? 'nothing'}`,
        details: { slot: f.slot, before: f.before, after: f.after },
        key: `${ALERT_TYPES.INVENTORY_DRIFT}:${stationId}:${f.slot}`,
      };
    case 'bank_unknown':
      return bankAlert(
        ALERT_TYPES.BANK_UNKNOWN,
        'warning',
        stationId,
        f.powerBankId,
        f.slot,
        'is not registered',
      );
    case 'bank_lost_returned':
      return bankAlert(
        ALERT_TYPES.BANK_LOST_RETURNED,
        'warning',
        stationId,
        f.powerBankId,
        f.slot,
        'was marked lost',
      );
    case 'bank_blacklisted':
      return bankAlert(
        ALERT_TYPES.BANK_BLACKLISTED_INSERTED,
        'critical',
        stationId,
        f.powerBankId,
        f.slot,
        'is blacklisted',
      );
    case 'bank_unexpected':
      return {
        ...bankAlert(
          ALERT_TYPES.BANK_UNEXPECTED,
          'warning',
          stationId,
          f.powerBankId,
          f.slot,
          `was recorded as ${f.previous.location}`,
        ),
        details: { slot: f.slot, previous: f.previous },
      };
    case 'slot_faulted':
      return {
        type: ALERT_TYPES.SLOT_FAULT,
        severity: 'warning',
        stationId,
        message: `Slot ${f.slot} reports a fault: ${f.faults.join(', ') || 'unspecified'}`,
        details: { slot: f.slot, faults: f.faults },
        key: slotFaultKey(stationId, f.slot),
      };
    default:
      return undefined;
  }
}

function bankAlert(
  type: string,
  severity: RaiseAlertInput['severity'],
  stationId: string,
  powerBankId: string,
  slot: number,
  why: string,
): RaiseAlertInput {
  return {
    type,
    severity,
    stationId,
    powerBankId,
    message: `Power bank ${powerBankId} in slot ${slot} ${why}`,
    details: { slot },
    key: `${type}:${powerBankId}`,
  };
}
