import type { Database } from '../../kernel/db/index.js';
import type { EventBus } from '../../kernel/events.js';
import type { FleetEvents } from './fleet.events.js';
import { inUnit, type FleetUnit } from './fleet.unit-of-work.js';
import type { InboundRecord, MessagesRepository } from './messages.repository.js';

export type InboundOutcome<T> = { fresh: true; value: T } | { fresh: false };

/**
 * Applies an inbound station message at most once. The dedup key (the message's log row) is written in
 * the same unit as the message's effects: one transaction per message instead of two, and the three
 * outcomes fall out of the transaction itself — a duplicate finds the key taken and writes nothing; an
 * apply that throws rolls the key back with everything else, so the station's re-delivery is applied.
 * On PostgreSQL and MySQL a concurrent copy of the message (another gateway process) waits on the key's
 * unique index until the first commits, then sees a duplicate (or, if the first rolled back, applies it).
 */
export class InboundApplier {
  constructor(
    private readonly database: Database,
    private readonly bus: EventBus<FleetEvents>,
    private readonly messages: MessagesRepository,
  ) {}

  /** Records the dedup key and runs `work` in the same unit; `{ fresh: false }` for a duplicate. */
  applyOnce<T>(record: InboundRecord, work: (unit: FleetUnit) => Promise<T>): Promise<InboundOutcome<T>> {
    return inUnit(this.database, this.bus, async (unit): Promise<InboundOutcome<T>> => {
      if (!(await this.messages.recordInbound(record, unit.db))) return { fresh: false };
      return { fresh: true, value: await work(unit) };
    });
  }

  /** Logs a message whose apply was refused or failed (rolled back): kept for diagnosis, key left free. */
  recordRejected(record: InboundRecord, error: string): Promise<void> {
    return this.messages.recordInboundRejected(record, error);
  }
}
