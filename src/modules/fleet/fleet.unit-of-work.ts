import type { Kysely } from 'kysely';
import type { Database, TogetherQuery } from '../../kernel/db/index.js';
import type { EventBus } from '../../kernel/events.js';
import type { FleetEvents } from './fleet.events.js';
import { registerDialect } from './fleet.prepared.js';
import type { FleetTables } from './fleet.tables.js';

/**
 * One transaction plus the events it will announce. Events are queued while the transaction runs and
 * emitted only after it commits, so a subscriber never sees a change that was rolled back.
 */
export class FleetUnit {
  private readonly queued: Array<() => void> = [];
  private readonly lastWrites: TogetherQuery[] = [];

  constructor(
    readonly db: Kysely<FleetTables>,
    private readonly bus: EventBus<FleetEvents>,
  ) {}

  /** Queues an event for after commit. */
  emit<K extends keyof FleetEvents>(type: K, payload: FleetEvents[K]): void {
    this.queued.push(() => this.bus.emit(type, payload));
  }

  /** Queues any other effect that must not happen for a rolled-back unit (counters, logs), in order with the events. */
  afterCommit(effect: () => void): void {
    this.queued.push(effect);
  }

  /**
   * Queues a write nothing in the unit reads back (e.g. a station's "availability changed" stamp) to
   * run as the unit's last statement: on PostgreSQL it goes out with the COMMIT, one round trip fewer.
   */
  atEnd(write: TogetherQuery): void {
    this.lastWrites.push(write);
  }

  /** Runs the writes queued with atEnd, as the transaction's last statements; called once, by inUnit. */
  async finish(database: Database): Promise<void> {
    if (this.lastWrites.length > 0) await database.finishTogether(this.db, this.lastWrites.splice(0));
  }

  /** Runs the queued events and effects; called once, after commit. */
  flush(): void {
    for (const emit of this.queued.splice(0)) emit();
  }
}

/** Runs fn in one transaction and, once it has committed, emits the events it queued. */
export async function inUnit<T>(
  database: Database,
  bus: EventBus<FleetEvents>,
  fn: (unit: FleetUnit) => Promise<T>,
): Promise<T> {
  let unit: FleetUnit | undefined;
  const result = await database.transaction(async (trx) => {
    registerDialect(trx, database.dialect);
    unit = new FleetUnit(trx as Kysely<FleetTables>, bus);
    const value = await fn(unit);
    await unit.finish(database);
    return value;
  });
  unit?.flush();
  return result;
}
