import type {
  BankInsertedEvent,
  BankRemovedEvent,
  BankRetractedEvent,
  SlotFaultEvent,
  StationEvent,
} from '../../gateway/protocol/messages.js';
import type { Static } from '@sinclair/typebox';
import type { Logger } from '../../kernel/logger.js';
import { ALERT_TYPES, type AlertsService } from './alerts.service.js';
import { prepare } from './fleet.prepared.js';
import type { FleetUnit } from './fleet.unit-of-work.js';
import { loadEjectOfStation, type EventReads } from './station-events.reads.js';
import {
  changedRows,
  loadBank,
  loadSlot,
  placeBank,
  releaseBankElsewhere,
  slotStateFor,
  unplaceBank,
  writeSlot,
} from './station-state.store.js';

/** Everything one event needs: the open transaction, who and when. */
export interface EventScope {
  unit: FleetUnit;
  stationId: string;
  /** Station time (corrected) of the event, ISO */
  at: string;
  receivedAt: string;
  /** Platform time, for updated_at */
  now: string;
  alerts: AlertsService;
  logger: Logger;
  /**
   * Throws FLEET_STATION_NOT_FOUND unless the station exists. Events call it only when a read found no
   * slot (or mains changed nothing): a slot row proves the station, so the common path reads no station.
   */
  requireStation(): Promise<void>;
}

export interface EventEffect {
  /** False when we already held a newer fact, so the event changed no state (it is still emitted) */
  applied: boolean;
  /** Stations whose availability changed (this one and any whose slot was released) */
  changedStations: string[];
}

const driftKey = (stationId: string, slot: number) => `${ALERT_TYPES.INVENTORY_DRIFT}:${stationId}:${slot}`;
export const slotFaultKey = (stationId: string, slot: number) =>
  `${ALERT_TYPES.SLOT_FAULT}:${stationId}:${slot}`;
export const powerLostKey = (stationId: string) => `${ALERT_TYPES.STATION_POWER_LOST}:${stationId}`;

/**
 * Applies one station event. Ordering: an event older than the slot's state_at (or the bank's
 * location_at) does not overwrite the newer state, but it is still emitted, so e.g. rentals can end
 * at the time the bank really came back.
 */
export async function applyStationEvent(
  scope: EventScope,
  event: StationEvent,
  reads?: EventReads,
): Promise<EventEffect> {
  switch (event.type) {
    case 'bank_inserted':
      return inserted(scope, event, reads);
    case 'bank_removed':
      return removed(scope, event, reads);
    case 'bank_retracted':
      return retracted(scope, event);
    case 'slot_fault':
      return slotFault(scope, event);
    case 'slot_recovered':
      return slotRecovered(scope, event.slot);
    case 'power_lost':
    case 'power_restored':
      return mains(scope, event.type === 'power_restored');
  }
}

async function inserted(
  s: EventScope,
  e: Static<typeof BankInsertedEvent>,
  reads?: EventReads,
): Promise<EventEffect> {
  const { unit, stationId, at, now } = s;
  const changed = new Set<string>();
  const slot = reads ? reads.slot : await loadSlot(unit.db, stationId, e.slot);
  const bank = reads ? reads.bank : await loadBank(unit.db, e.powerBankId);
  if (!slot) {
    await s.requireStation();
    s.logger.warn({ stationId, slot: e.slot }, 'bank_inserted into a slot this station does not have');
  }
  if (slot && slot.state_at <= at) {
    const displaced = slot.power_bank_id;
    if (displaced && displaced !== e.powerBankId) {
      // We missed the displaced bank's removal: record drift and stop believing it is here.
      await unplaceBank(unit.db, displaced, 'lost', at, now, { stationId }, false);
      await raiseDrift(s, e.slot, displaced, e.powerBankId);
    }
    const content = {
      powerBankId: e.powerBankId,
      state: slotStateFor(slot.state, e.batteryPct),
      batteryPct: e.batteryPct,
      faults: JSON.parse(slot.faults) as string[],
    };
    if (await writeSlot(unit.db, stationId, e.slot, content, at, now)) changed.add(stationId);
  }
  let bankApplied = false;
  if (bank && bank.location_at <= at) {
    const elsewhere = await releaseBankElsewhere(
      unit.db,
      bank.id,
      { stationId, slot: e.slot },
      at,
      now,
      reads?.bankSlots,
    );
    for (const other of elsewhere) {
      changed.add(other);
    }
    bankApplied = await placeBank(unit.db, bank.id, stationId, e.slot, at, now, {
      batteryPct: e.batteryPct,
      healthPct: e.healthPct,
      addCycle: bank.location === 'rental',
    });
    if (bankApplied) changed.add(stationId);
  }
  const where = { stationId, powerBankId: e.powerBankId, details: { slot: e.slot } };
  if (!bank) {
    await raise(
      s,
      ALERT_TYPES.BANK_UNKNOWN,
      'warning',
      `Unregistered power bank ${e.powerBankId} in slot ${e.slot}`,
      where,
    );
  } else if (bankApplied && bank.status === 'blacklisted') {
    await raise(
      s,
      ALERT_TYPES.BANK_BLACKLISTED_INSERTED,
      'critical',
      `Blacklisted power bank ${bank.id} inserted`,
      where,
    );
  } else if (bankApplied && bank.location === 'lost') {
    await raise(s, ALERT_TYPES.BANK_LOST_RETURNED, 'warning', `Lost power bank ${bank.id} is back`, where);
  }
  unit.emit('fleet.power_bank.inserted', {
    stationId,
    slot: e.slot,
    powerBankId: e.powerBankId,
    batteryPct: e.batteryPct,
    at,
    receivedAt: s.receivedAt,
  });
  return { applied: changed.size > 0, changedStations: [...changed] };
}

async function removed(
  s: EventScope,
  e: Static<typeof BankRemovedEvent>,
  reads?: EventReads,
): Promise<EventEffect> {
  const { unit, stationId, at, now } = s;
  const changed = new Set<string>();
  const slot = reads ? reads.slot : await loadSlot(unit.db, stationId, e.slot);
  if (!slot) await s.requireStation();
  if (slot && slot.state_at <= at) {
    if (slot.power_bank_id && slot.power_bank_id !== e.powerBankId) {
      await unplaceBank(unit.db, slot.power_bank_id, 'lost', at, now, { stationId }, false);
      await raiseDrift(s, e.slot, slot.power_bank_id, null);
    }
    const content = { powerBankId: null, state: slotStateFor(slot.state, null), batteryPct: null };
    const faults = JSON.parse(slot.faults) as string[];
    if (await writeSlot(unit.db, stationId, e.slot, { ...content, faults }, at, now)) changed.add(stationId);
  }
  const command = !e.commandId
    ? undefined
    : reads
      ? reads.command
      : await loadEjectOfStation(unit.db, e.commandId, stationId);
  // Without a matching eject the bank was forced out: 'lost' until someone (ops, or the rentals
  // module matching it to a rental) says otherwise.
  const to = command ? 'rental' : 'lost';
  if (await unplaceBank(unit.db, e.powerBankId, to, at, now)) changed.add(stationId);
  if (!command) {
    await raise(
      s,
      ALERT_TYPES.BANK_REMOVED_WITHOUT_COMMAND,
      'critical',
      `Power bank ${e.powerBankId} left slot ${e.slot} without an eject command`,
      { stationId, powerBankId: e.powerBankId, details: { slot: e.slot, commandId: e.commandId ?? null } },
    );
  }
  unit.emit('fleet.power_bank.removed', {
    stationId,
    slot: e.slot,
    powerBankId: e.powerBankId,
    ...(e.commandId ? { commandId: e.commandId } : {}),
    at,
    receivedAt: s.receivedAt,
  });
  return { applied: changed.size > 0, changedStations: [...changed] };
}

async function retracted(s: EventScope, e: Static<typeof BankRetractedEvent>): Promise<EventEffect> {
  const { unit, stationId, at, now } = s;
  const changed = new Set<string>();
  const slot = await loadSlot(unit.db, stationId, e.slot);
  if (!slot) await s.requireStation();
  const bank = await loadBank(unit.db, e.powerBankId);
  if (slot && slot.state_at <= at) {
    const battery = bank
      ? Number(bank.battery_pct)
      : slot.battery_pct === null
        ? null
        : Number(slot.battery_pct);
    const content = {
      powerBankId: e.powerBankId,
      state: slotStateFor(slot.state, battery ?? 0),
      batteryPct: battery,
      faults: JSON.parse(slot.faults) as string[],
    };
    if (await writeSlot(unit.db, stationId, e.slot, content, at, now)) changed.add(stationId);
  }
  if (bank && (await placeBank(unit.db, bank.id, stationId, e.slot, at, now))) changed.add(stationId);
  unit.emit('fleet.power_bank.retracted', {
    stationId,
    slot: e.slot,
    powerBankId: e.powerBankId,
    commandId: e.commandId,
    at,
  });
  return { applied: changed.size > 0, changedStations: [...changed] };
}

async function slotFault(s: EventScope, e: Static<typeof SlotFaultEvent>): Promise<EventEffect> {
  const { unit, stationId, at, now } = s;
  const slot = await loadSlot(unit.db, stationId, e.slot);
  if (!slot) await s.requireStation();
  if (!slot || slot.state_at > at) return { applied: false, changedStations: [] };
  const faults = [...new Set([...(JSON.parse(slot.faults) as string[]), e.code])];
  const content = {
    powerBankId: slot.power_bank_id,
    state: 'fault' as const,
    batteryPct: slot.battery_pct,
    faults,
  };
  if (!(await writeSlot(unit.db, stationId, e.slot, content, at, now)))
    return { applied: false, changedStations: [] };
  await s.alerts.raise(
    {
      type: ALERT_TYPES.SLOT_FAULT,
      severity: 'warning',
      stationId,
      message: `Slot ${e.slot} fault: ${e.code}`,
      details: { slot: e.slot, code: e.code, faults },
      key: slotFaultKey(stationId, e.slot),
    },
    unit,
  );
  return { applied: true, changedStations: [stationId] };
}

async function slotRecovered(s: EventScope, slotNo: number): Promise<EventEffect> {
  const { unit, stationId, at, now } = s;
  const slot = await loadSlot(unit.db, stationId, slotNo);
  if (!slot) await s.requireStation();
  if (!slot || slot.state_at > at) return { applied: false, changedStations: [] };
  const battery = slot.battery_pct === null ? null : Number(slot.battery_pct);
  const state =
    slot.state === 'disabled'
      ? 'disabled'
      : slot.power_bank_id === null
        ? 'empty'
        : slotStateFor('empty', battery ?? 0);
  const content = { powerBankId: slot.power_bank_id, state, batteryPct: battery, faults: [] };
  if (!(await writeSlot(unit.db, stationId, slotNo, content, at, now)))
    return { applied: false, changedStations: [] };
  await s.alerts.resolveByKey(slotFaultKey(stationId, slotNo), unit);
  return { applied: true, changedStations: [stationId] };
}

/**
 * Mains has no fact timestamp of its own: a late power event may briefly show a stale value, which
 * the next heartbeat (it carries `mains`) corrects within one heartbeat interval.
 */
async function mains(s: EventScope, on: boolean): Promise<EventEffect> {
  const { unit, stationId } = s;
  const changed = changedRows(await updateMains(unit.db, on ? 1 : 0, stationId)) > 0;
  if (!changed) await s.requireStation();
  if (on) await s.alerts.resolveByKey(powerLostKey(stationId), unit);
  else {
    await s.alerts.raise(
      {
        type: ALERT_TYPES.STATION_POWER_LOST,
        severity: 'warning',
        stationId,
        message: 'Station lost mains power and runs on battery backup',
        key: powerLostKey(stationId),
      },
      unit,
    );
  }
  return { applied: changed, changedStations: changed ? [stationId] : [] };
}

const updateMains = prepare<[number, string], never>(2, (db, arg) =>
  db
    .updateTable('fleet_stations')
    .set({ mains: arg(0) })
    .where('id', '=', arg(1))
    .where((eb) => eb.or([eb('mains', 'is', null), eb('mains', '!=', arg(0))])),
);

async function raiseDrift(
  s: EventScope,
  slot: number,
  before: string | null,
  after: string | null,
): Promise<void> {
  await s.alerts.raise(
    {
      type: ALERT_TYPES.INVENTORY_DRIFT,
      severity: 'warning',
      stationId: s.stationId,
      ...((before ?? after) ? { powerBankId: (before ?? after)! } : {}),
      message: `Slot ${slot} held ${before ?? 'nothing'} by our record, the station reports ${after ?? 'nothing'}`,
      details: { slot, before: { powerBankId: before }, after: { powerBankId: after } },
      key: driftKey(s.stationId, slot),
    },
    s.unit,
  );
}

async function raise(
  s: EventScope,
  type: string,
  severity: 'info' | 'warning' | 'critical',
  message: string,
  where: { stationId: string; powerBankId: string; details: Record<string, unknown> },
): Promise<void> {
  await s.alerts.raise({ type, severity, message, ...where, key: `${type}:${where.powerBankId}` }, s.unit);
}
