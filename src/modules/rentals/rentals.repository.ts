import type { Kysely, Updateable } from 'kysely';
import { toIso } from '../../kernel/clock.js';
import type { Database, Read } from '../../kernel/db/index.js';
import { affectedRows, isUniqueViolation } from '../../kernel/db/index.js';
import type { FrozenTariff } from '../pricing/index.js';
import { FINAL_STATUSES, statusesLeadingTo } from './rental.state.js';
import type {
  AttemptOutcome,
  RentalAttemptTable,
  RentalStatus,
  RentalTable,
  RentalsTables,
} from './rentals.tables.js';
import type { NewRental, Rental, RentalAttempt } from './rentals.types.js';

function toRental(r: RentalTable): Rental {
  return {
    id: r.id,
    riderId: r.rider_id,
    status: r.status,
    startStationId: r.start_station_id,
    powerBankId: r.power_bank_id,
    slot: r.slot === null ? null : Number(r.slot),
    paymentId: r.payment_id,
    tariff: JSON.parse(r.tariff) as FrozenTariff,
    currency: r.currency,
    attempts: Number(r.attempts),
    startedAt: r.started_at,
    endedAt: r.ended_at,
    endStationId: r.end_station_id,
    amount: r.amount === null ? null : Number(r.amount),
    receiptId: r.receipt_id,
    failureCode: r.failure_code,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toAttempt(r: RentalAttemptTable): RentalAttempt {
  return {
    commandId: r.command_id,
    rentalId: r.rental_id,
    attempt: Number(r.attempt),
    stationId: r.station_id,
    slot: Number(r.slot),
    powerBankId: r.power_bank_id,
    outcome: r.outcome,
    outcomeCode: r.outcome_code,
    createdAt: r.created_at,
  };
}

/** The rental insertPending writes, as get() would read it back (so callers need not re-read it). */
export function pendingRental(input: NewRental): Rental {
  const now = toIso(input.nowMs);
  return {
    id: input.id,
    riderId: input.riderId,
    status: 'pending',
    startStationId: input.startStationId,
    powerBankId: input.powerBankId,
    slot: input.slot,
    paymentId: null,
    tariff: input.tariff,
    currency: input.tariff.tariff.currency,
    attempts: 0,
    startedAt: null,
    endedAt: null,
    endStationId: null,
    amount: null,
    receiptId: null,
    failureCode: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** An eject attempt as recorded when its command is sent. */
export type NewAttempt = Pick<
  RentalAttempt,
  'commandId' | 'rentalId' | 'attempt' | 'stationId' | 'slot' | 'powerBankId'
> & { nowMs: number };

/** Fields a transition may set besides the status. */
export interface RentalPatch {
  powerBankId?: string;
  slot?: number;
  paymentId?: string;
  attempts?: number;
  startedAt?: string;
  endedAt?: string;
  endStationId?: string;
  amount?: number;
  receiptId?: string;
  failureCode?: string | null;
}

/** Why a new rental could not be inserted. */
export type InsertOutcome = 'inserted' | 'bank_taken' | 'rider_busy';

/** The rentals module's only door to its tables. Every status change is a conditional update. */
export class RentalsRepository {
  private readonly db: Kysely<RentalsTables>;

  constructor(private readonly database: Database) {
    this.db = database.db as unknown as Kysely<RentalsTables>;
  }

  /**
   * Inserts a pending rental holding its power bank and rider locks. The unique locks, not a read
   * before the write, decide races: of two riders reaching for one power bank exactly one gets it.
   */
  async insertPending(input: NewRental): Promise<InsertOutcome> {
    const now = toIso(input.nowMs);
    try {
      await this.db
        .insertInto('rentals_rentals')
        .values({
          id: input.id,
          rider_id: input.riderId,
          status: 'pending',
          start_station_id: input.startStationId,
          power_bank_id: input.powerBankId,
          slot: input.slot,
          bank_lock: input.powerBankId,
          rider_lock: input.riderId,
          payment_id: null,
          tariff: JSON.stringify(input.tariff),
          currency: input.tariff.tariff.currency,
          attempts: 0,
          started_at: null,
          ended_at: null,
          end_station_id: null,
          amount: null,
          receipt_id: null,
          failure_code: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return 'inserted';
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return (await this.findLiveForRider(input.riderId)) ? 'rider_busy' : 'bank_taken';
    }
  }

  /** Removes a pending rental that never reached the rider (its hold was refused): it leaves no trace. */
  async deletePending(rentalId: string): Promise<void> {
    await this.db.deleteFrom('rentals_attempts').where('rental_id', '=', rentalId).execute();
    await this.db
      .deleteFrom('rentals_rentals')
      .where('id', '=', rentalId)
      .where('status', '=', 'pending')
      .execute();
  }

  /**
   * Moves a rental to `to` if it is in one of the statuses that lead there (or in `from`, when given);
   * returns false when another actor moved it first. Final statuses release the locks.
   */
  async transition(
    rentalId: string,
    to: RentalStatus,
    patch: RentalPatch,
    nowMs: number,
    from: readonly RentalStatus[] = statusesLeadingTo(to),
  ): Promise<boolean> {
    return (
      affectedRows(await this.transitionQuery(rentalId, to, patch, nowMs, from).executeTakeFirst()) === 1
    );
  }

  /** transition's update, unexecuted, for a flow that commits it with another module's writes. */
  transitionQuery(
    rentalId: string,
    to: RentalStatus,
    patch: RentalPatch,
    nowMs: number,
    from: readonly RentalStatus[] = statusesLeadingTo(to),
    db: Kysely<RentalsTables> = this.db,
  ) {
    const set: Updateable<RentalTable> = { status: to, updated_at: toIso(nowMs) };
    if (patch.powerBankId !== undefined) {
      set.power_bank_id = patch.powerBankId;
      set.bank_lock = patch.powerBankId;
    }
    if (patch.slot !== undefined) set.slot = patch.slot;
    if (patch.paymentId !== undefined) set.payment_id = patch.paymentId;
    if (patch.attempts !== undefined) set.attempts = patch.attempts;
    if (patch.startedAt !== undefined) set.started_at = patch.startedAt;
    if (patch.endedAt !== undefined) set.ended_at = patch.endedAt;
    if (patch.endStationId !== undefined) set.end_station_id = patch.endStationId;
    if (patch.amount !== undefined) set.amount = patch.amount;
    if (patch.receiptId !== undefined) set.receipt_id = patch.receiptId;
    if (patch.failureCode !== undefined) set.failure_code = patch.failureCode;
    if (FINAL_STATUSES.includes(to) || to === 'purchasing') set.bank_lock = null;
    if (FINAL_STATUSES.includes(to)) set.rider_lock = null;
    return db
      .updateTable('rentals_rentals')
      .set(set)
      .where('id', '=', rentalId)
      .where('status', 'in', [...from]);
  }

  /**
   * A station confirmed an eject: its attempt is settled as succeeded and the rental, still ejecting,
   * becomes active from `startedAt` — in one round trip on PostgreSQL. The rental moves only while this
   * attempt stands settled as succeeded, so a confirmation that finds the attempt settled already
   * (another handler got there first) moves nothing it would not have moved itself.
   */
  async confirmEject(
    commandId: string,
    rentalId: string,
    startedAt: string,
    nowMs: number,
  ): Promise<{ settled: boolean; activated: boolean }> {
    const [settled, activated] = await this.database.executeTogether(this.db, [
      this.settleAttemptQuery(commandId, 'succeeded', null, nowMs),
      this.transitionQuery(rentalId, 'active', { startedAt }, nowMs, ['ejecting']).where((eb) =>
        eb.exists(
          eb
            .selectFrom('rentals_attempts')
            .select('command_id')
            .where('command_id', '=', commandId)
            .where('outcome', '=', 'succeeded'),
        ),
      ),
    ]);
    return { settled: affectedRows(settled!) === 1, activated: affectedRows(activated!) === 1 };
  }

  /**
   * Points an ejecting rental at another power bank after an eject failed. False when the bank is
   * locked by another live rental (or the rental moved on).
   */
  async switchBank(rentalId: string, powerBankId: string, slot: number, nowMs: number): Promise<boolean> {
    try {
      return await this.transition(rentalId, 'ejecting', { powerBankId, slot }, nowMs, ['ejecting']);
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async get(rentalId: string): Promise<Rental | undefined> {
    return this.findOne('id', rentalId);
  }

  /** The rider's live rental (pending … ending), if any. */
  findLiveForRider(riderId: string): Promise<Rental | undefined> {
    return this.findOne('rider_lock', riderId);
  }

  /** findLiveForRider as a Read, to send together with other modules' reads. */
  liveForRiderRead(riderId: string): Read<Rental | undefined> {
    return {
      query: this.db.selectFrom('rentals_rentals').selectAll().where('rider_lock', '=', riderId),
      answer: (rows) => {
        const row = rows[0] as RentalTable | undefined;
        return row ? toRental(row) : undefined;
      },
    };
  }

  /** The live rental holding a power bank, if any. */
  findLiveForBank(powerBankId: string): Promise<Rental | undefined> {
    return this.findOne('bank_lock', powerBankId);
  }

  /** The rental whose `column` (a unique one) equals `value`. */
  private async findOne(
    column: 'id' | 'rider_lock' | 'bank_lock',
    value: string,
  ): Promise<Rental | undefined> {
    const row = await this.db
      .selectFrom('rentals_rentals')
      .selectAll()
      .where(column, '=', value)
      .executeTakeFirst();
    return row ? toRental(row) : undefined;
  }

  /** A rider's rentals, newest first; `before` is a rental id cursor. */
  async listForRider(riderId: string, limit: number, before?: string): Promise<Rental[]> {
    let q = this.db.selectFrom('rentals_rentals').selectAll().where('rider_id', '=', riderId);
    if (before) q = q.where('id', '<', before);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toRental);
  }

  /** Live rentals in the given statuses last changed before `beforeMs` (for the sweeps). */
  async listInStatus(statuses: readonly RentalStatus[], beforeMs: number, limit = 500): Promise<Rental[]> {
    const rows = await this.db
      .selectFrom('rentals_rentals')
      .selectAll()
      .where('status', 'in', [...statuses])
      .where('updated_at', '<=', toIso(beforeMs))
      .orderBy('updated_at')
      .limit(limit)
      .execute();
    return rows.map(toRental);
  }

  /** Active rentals that started before `startedBeforeMs`: candidates to become purchases. */
  async listActiveStartedBefore(startedBeforeMs: number, limit = 500): Promise<Rental[]> {
    const rows = await this.db
      .selectFrom('rentals_rentals')
      .selectAll()
      .where('status', '=', 'active')
      .where('started_at', '<=', toIso(startedBeforeMs))
      .limit(limit)
      .execute();
    return rows.map(toRental);
  }

  /** Records an eject attempt (its command sent). */
  async recordAttempt(input: NewAttempt): Promise<void> {
    await this.attemptInsert(this.db, input).execute();
  }

  /** recordAttempt's insert, unexecuted: the fleet commits it with the command's move to sent. */
  attemptInsert(db: Kysely<RentalsTables>, input: NewAttempt) {
    const now = toIso(input.nowMs);
    return db.insertInto('rentals_attempts').values({
      command_id: input.commandId,
      rental_id: input.rentalId,
      attempt: input.attempt,
      station_id: input.stationId,
      slot: input.slot,
      power_bank_id: input.powerBankId,
      outcome: null,
      outcome_code: null,
      created_at: now,
      updated_at: now,
    });
  }

  /** Settles an attempt once; false when it already had an outcome. */
  async settleAttempt(
    commandId: string,
    outcome: AttemptOutcome,
    code: string | null,
    nowMs: number,
  ): Promise<boolean> {
    return (
      affectedRows(await this.settleAttemptQuery(commandId, outcome, code, nowMs).executeTakeFirst()) === 1
    );
  }

  private settleAttemptQuery(commandId: string, outcome: AttemptOutcome, code: string | null, nowMs: number) {
    return this.db
      .updateTable('rentals_attempts')
      .set({ outcome, outcome_code: code, updated_at: toIso(nowMs) })
      .where('command_id', '=', commandId)
      .where('outcome', 'is', null);
  }

  /** An attempt and its rental in one read: the eject outcome handlers need both for every station answer. */
  async findAttemptWithRental(
    commandId: string,
  ): Promise<{ attempt: RentalAttempt; rental: Rental } | undefined> {
    const row = await this.db
      .selectFrom('rentals_attempts as a')
      .innerJoin('rentals_rentals as r', 'r.id', 'a.rental_id')
      .selectAll('r')
      .select([
        'a.command_id as a_command_id',
        'a.rental_id as a_rental_id',
        'a.attempt as a_attempt',
        'a.station_id as a_station_id',
        'a.slot as a_slot',
        'a.power_bank_id as a_power_bank_id',
        'a.outcome as a_outcome',
        'a.outcome_code as a_outcome_code',
        'a.created_at as a_created_at',
        'a.updated_at as a_updated_at',
      ])
      .where('a.command_id', '=', commandId)
      .executeTakeFirst();
    if (!row) return undefined;
    const attempt = toAttempt({
      command_id: row.a_command_id,
      rental_id: row.a_rental_id,
      attempt: row.a_attempt,
      station_id: row.a_station_id,
      slot: row.a_slot,
      power_bank_id: row.a_power_bank_id,
      outcome: row.a_outcome,
      outcome_code: row.a_outcome_code,
      created_at: row.a_created_at,
      updated_at: row.a_updated_at,
    });
    return { attempt, rental: toRental(row) };
  }

  async listAttempts(rentalId: string): Promise<RentalAttempt[]> {
    const rows = await this.db
      .selectFrom('rentals_attempts')
      .selectAll()
      .where('rental_id', '=', rentalId)
      .orderBy('attempt')
      .execute();
    return rows.map(toAttempt);
  }

  /** Pseudonymises a rider's rentals on erasure; the records stay for accounting. */
  async pseudonymiseRider(riderId: string, pseudonym: string): Promise<void> {
    await this.db
      .updateTable('rentals_rentals')
      .set({ rider_id: pseudonym })
      .where('rider_id', '=', riderId)
      .execute();
  }
}
