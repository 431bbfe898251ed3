import type { Kysely, Selectable } from 'kysely';
import { toIso } from '../../kernel/clock.js';
import { affectedRows, type Database } from '../../kernel/db/index.js';
import { DEFAULT_LOCALE, isSupportedLocale } from '../../kernel/i18n/index.js';
import type { IdentityTables, RiderTable } from './identity.tables.js';
import type { Rider } from './identity.types.js';
import type { Destination } from './identity.destination.js';

export interface NewRiderRecord {
  id: string;
  destination: Destination;
  locale: string;
  country: string;
  currency: string;
}

export interface ProfileChanges {
  locale?: string | undefined;
  country?: string | undefined;
  currency?: string | undefined;
}

export function toRider(row: Selectable<RiderTable>): Rider {
  return {
    id: row.id,
    email: row.email,
    phone: row.phone,
    locale: isSupportedLocale(row.locale) ? row.locale : DEFAULT_LOCALE,
    country: row.country,
    currency: row.currency,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Riders: the only code that reads or writes identity_riders. Erased riders are never returned. */
export class RidersRepository {
  private readonly db: Kysely<IdentityTables>;

  constructor(database: Database) {
    this.db = database.db as Kysely<IdentityTables>;
  }

  /** The live rider with this id: one primary-key read (it runs on every authenticated request). */
  async findLive(riderId: string): Promise<Rider | undefined> {
    const row = await this.db
      .selectFrom('identity_riders')
      .selectAll()
      .where('id', '=', riderId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? toRider(row) : undefined;
  }

  async findByDestination(destination: Destination): Promise<Rider | undefined> {
    const column = destination.channel === 'email' ? 'email' : 'phone';
    const row = await this.db
      .selectFrom('identity_riders')
      .selectAll()
      .where(column, '=', destination.address)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row ? toRider(row) : undefined;
  }

  /** Inserts a rider; a concurrent sign-up of the same destination surfaces as a unique violation. */
  async create(record: NewRiderRecord, nowMs: number): Promise<Rider> {
    const now = toIso(nowMs);
    const row: Selectable<RiderTable> = {
      id: record.id,
      email: record.destination.channel === 'email' ? record.destination.address : null,
      phone: record.destination.channel === 'sms' ? record.destination.address : null,
      locale: record.locale,
      country: record.country,
      currency: record.currency,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    };
    await this.db.insertInto('identity_riders').values(row).execute();
    return toRider(row);
  }

  /** Applies the given profile fields; false when the rider does not exist or was erased. */
  async updateProfile(riderId: string, changes: ProfileChanges, nowMs: number): Promise<boolean> {
    const set: Partial<RiderTable> = { updated_at: toIso(nowMs) };
    if (changes.locale !== undefined) set.locale = changes.locale;
    if (changes.country !== undefined) set.country = changes.country;
    if (changes.currency !== undefined) set.currency = changes.currency;
    const result = await this.db
      .updateTable('identity_riders')
      .set(set)
      .where('id', '=', riderId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return affectedRows(result) === 1;
  }

  /**
   * Erasure: the row stays (other modules' records point at it) but nothing in it identifies a
   * person any more. Returns the contact details it held, so their codes and messages can go too.
   */
  async pseudonymise(
    db: Kysely<IdentityTables>,
    riderId: string,
    nowMs: number,
  ): Promise<{ email: string | null; phone: string | null } | undefined> {
    const row = await db
      .selectFrom('identity_riders')
      .select(['email', 'phone'])
      .where('id', '=', riderId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    const now = toIso(nowMs);
    await db
      .updateTable('identity_riders')
      .set({ email: null, phone: null, deleted_at: now, updated_at: now })
      .where('id', '=', riderId)
      .execute();
    return row;
  }
}
