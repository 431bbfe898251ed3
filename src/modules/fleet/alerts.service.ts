import type { Clock } from '../../kernel/clock.js';
import type { Database } from '../../kernel/db/index.js';
import type { EventBus } from '../../kernel/events.js';
import { alertNotFound } from './fleet.errors.js';
import type { FleetEvents } from './fleet.events.js';
import type { Alert, AlertFilter } from './fleet.types.js';
import { inUnit, type FleetUnit } from './fleet.unit-of-work.js';
import type { AlertsRepository, RaiseAlertInput } from './alerts.repository.js';

/** Stable alert type codes; ops tooling and runbooks key on them. */
export const ALERT_TYPES = {
  /** A power bank left a slot with no eject command behind it (forced out, or a lost command id). */
  BANK_REMOVED_WITHOUT_COMMAND: 'BANK_REMOVED_WITHOUT_COMMAND',
  /** A power bank id that was never registered sits in a slot; it is shown there but never rentable. */
  BANK_UNKNOWN: 'BANK_UNKNOWN',
  /** A power bank we had marked lost turned up in a slot. */
  BANK_LOST_RETURNED: 'BANK_LOST_RETURNED',
  /** A blacklisted power bank was pushed into a slot. */
  BANK_BLACKLISTED_INSERTED: 'BANK_BLACKLISTED_INSERTED',
  /** The inventory found a bank we believed rented out or in another station: an event was missed. */
  BANK_UNEXPECTED: 'BANK_UNEXPECTED',
  /** A slot's content in the inventory differs from our record. */
  INVENTORY_DRIFT: 'INVENTORY_DRIFT',
  SLOT_FAULT: 'SLOT_FAULT',
  STATION_POWER_LOST: 'STATION_POWER_LOST',
  /** The station's hello reported a different number of slots than it was provisioned with. */
  SLOT_COUNT_CHANGED: 'SLOT_COUNT_CHANGED',
} as const;
export type AlertType = (typeof ALERT_TYPES)[keyof typeof ALERT_TYPES];

/** Opening, de-duplicating, resolving and listing operations alerts; announces new ones on the bus. */
export class AlertsService {
  constructor(
    private readonly repo: AlertsRepository,
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly bus: EventBus<FleetEvents>,
  ) {}

  /**
   * Opens an alert, or counts another occurrence of the open one with the same key. Emits
   * 'fleet.alert.raised' only for a new alert. Pass a unit to write inside the caller's transaction
   * (the event then waits for its commit).
   */
  async raise(input: RaiseAlertInput, unit?: FleetUnit): Promise<Alert> {
    if (!unit) return inUnit(this.database, this.bus, (u) => this.raise(input, u));
    const { alert, created } = await this.repo.raise(unit.db, input, this.clock.nowMs());
    if (created) {
      unit.emit('fleet.alert.raised', {
        alertId: alert.id,
        type: alert.type,
        ...(alert.stationId ? { stationId: alert.stationId } : {}),
        ...(alert.powerBankId ? { powerBankId: alert.powerBankId } : {}),
      });
    }
    return alert;
  }

  /** Resolves an alert (idempotent); throws FLEET_ALERT_NOT_FOUND for an unknown id. */
  async resolve(id: string): Promise<Alert> {
    const alert = await this.repo.resolve(this.repo.db, id, this.clock.nowMs());
    if (!alert) throw alertNotFound(id);
    return alert;
  }

  /** Resolves the open alert with this key, if any; true when one was resolved. */
  async resolveByKey(key: string, unit?: FleetUnit): Promise<boolean> {
    return this.repo.resolveByKey(unit?.db ?? this.repo.db, key, this.clock.nowMs());
  }

  async get(id: string): Promise<Alert | undefined> {
    return this.repo.get(id);
  }

  /** Alerts newest first, filtered by status, station and type. */
  async list(filter: AlertFilter = {}): Promise<Alert[]> {
    return this.repo.list(filter);
  }
}
