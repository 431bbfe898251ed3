import type { Kysely, Selectable } from 'kysely';
import { toIso } from '../../kernel/clock.js';
import { affectedRows, type Database } from '../../kernel/db/index.js';
import type { IdentityTables, RefreshTokenTable } from './identity.tables.js';
import type { SessionRecord } from './identity.types.js';

export type RefreshTokenRow = Selectable<RefreshTokenTable>;

/** Refresh tokens (hashed) in rotation families. The only code that touches identity_refresh_tokens. */
export class RefreshTokensRepository {
  readonly db: Kysely<IdentityTables>;

  constructor(database: Database) {
    this.db = database.db as Kysely<IdentityTables>;
  }

  async insert(db: Kysely<IdentityTables>, row: RefreshTokenRow): Promise<void> {
    await db.insertInto('identity_refresh_tokens').values(row).execute();
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRow | undefined> {
    return this.db
      .selectFrom('identity_refresh_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /**
   * Marks a live token rotated. Conditional, so of two concurrent refreshes with the same token only
   * one wins; the loser sees false and is treated as a reuse.
   */
  async markRotated(db: Kysely<IdentityTables>, id: string, nowMs: number): Promise<boolean> {
    const result = await db
      .updateTable('identity_refresh_tokens')
      .set({ rotated_at: toIso(nowMs) })
      .where('id', '=', id)
      .where('rotated_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return affectedRows(result) === 1;
  }

  /** Revokes every token of the family that is not revoked yet. */
  async revokeFamily(db: Kysely<IdentityTables>, familyId: string, nowMs: number): Promise<void> {
    await db
      .updateTable('identity_refresh_tokens')
      .set({ revoked_at: toIso(nowMs) })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Revokes every token of the rider (account deletion). */
  async revokeRider(db: Kysely<IdentityTables>, riderId: string, nowMs: number): Promise<void> {
    await db
      .updateTable('identity_refresh_tokens')
      .set({ revoked_at: toIso(nowMs) })
      .where('rider_id', '=', riderId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** The rider's sign-in sessions (one per family, as of its newest token), for the data export. */
  async sessions(riderId: string): Promise<SessionRecord[]> {
    const rows = await this.db
      .selectFrom('identity_refresh_tokens')
      .selectAll()
      .where('rider_id', '=', riderId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const byFamily = new Map<string, SessionRecord>();
    for (const row of rows) {
      const first = byFamily.get(row.family_id);
      byFamily.set(row.family_id, {
        familyId: row.family_id,
        createdAt: first?.createdAt ?? row.created_at,
        expiresAt: row.expires_at,
        rotatedAt: row.rotated_at,
        revokedAt: row.revoked_at,
      });
    }
    return [...byFamily.values()];
  }
}
