import type { Kysely } from 'kysely';
import { toIso, type Clock } from '../../kernel/clock.js';
import type { Database } from '../../kernel/db/index.js';
import { generateSecret, hashSecret } from '../../kernel/secrets.js';
import type { RiderPrincipal } from './identity.contract.js';
import { refreshTokenInvalid, refreshTokenReused, riderRequired, tokenInvalid } from './identity.errors.js';
import { newId } from '../../kernel/ids.js';
import type { IdentityTables } from './identity.tables.js';
import type { TokenPair } from './identity.types.js';
import type { AccessTokens } from './access-tokens.js';
import type { RefreshTokensRepository } from './refresh-tokens.repository.js';
import type { RidersRepository } from './riders.repository.js';

/** A recognisable prefix lets secret scanners spot a leaked refresh token; the rest is 256 random bits. */
const REFRESH_PREFIX = 'cnrt_';
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export interface SessionsDeps {
  database: Database;
  clock: Clock;
  riders: RidersRepository;
  refreshTokens: RefreshTokensRepository;
  accessTokens: AccessTokens;
  refreshTokenTtlSeconds: number;
}

/**
 * Sign-in sessions: an access token plus a rotating refresh token per family. A rotated token
 * presented again means it was copied, so the whole family is revoked (RFC 9700 §4.14.2).
 */
export class SessionsService {
  constructor(private readonly deps: SessionsDeps) {}

  /** Opens a new session (a new refresh-token family) for the rider. */
  async start(riderId: string): Promise<TokenPair> {
    const familyId = newId('tokenFamily', this.deps.clock.nowMs());
    const refreshToken = await this.deps.database.transaction((trx) =>
      this.insertToken(trx as Kysely<IdentityTables>, riderId, familyId),
    );
    return this.pair(riderId, familyId, refreshToken);
  }

  /** Exchanges a live refresh token for a new pair in the same family; the old token is spent. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const { clock, refreshTokens } = this.deps;
    const row = await refreshTokens.findByHash(hashSecret(refreshToken));
    if (!row) throw refreshTokenInvalid();
    if (row.rotated_at !== null) {
      await this.revokeFamily(row.family_id);
      throw refreshTokenReused();
    }
    if (row.revoked_at !== null || row.expires_at <= toIso(clock.nowMs())) throw refreshTokenInvalid();
    if (!(await this.deps.riders.findLive(row.rider_id))) throw refreshTokenInvalid();

    const next = await this.deps.database.transaction(async (trx) => {
      const db = trx as Kysely<IdentityTables>;
      if (!(await refreshTokens.markRotated(db, row.id, clock.nowMs()))) return undefined;
      return this.insertToken(db, row.rider_id, row.family_id);
    });
    if (next === undefined) {
      // Another request rotated (or revoked) it between our read and our update: the same token twice.
      await this.revokeFamily(row.family_id);
      throw refreshTokenReused();
    }
    return this.pair(row.rider_id, row.family_id, next);
  }

  /** Ends the session the refresh token belongs to; unknown tokens are ignored (logout is idempotent). */
  async logout(refreshToken: string): Promise<void> {
    const row = await this.deps.refreshTokens.findByHash(hashSecret(refreshToken));
    if (row) await this.revokeFamily(row.family_id);
  }

  /**
   * The rider behind an `Authorization: Bearer <access token>` header: signature and expiry are
   * checked in memory, then one primary-key read makes sure the rider still exists and is not erased.
   */
  async authenticate(header: string | undefined): Promise<RiderPrincipal> {
    if (!header) throw riderRequired();
    const match = BEARER.exec(header);
    if (!match?.[1]) throw tokenInvalid();
    const claims = await this.deps.accessTokens.verify(match[1]);
    const rider = await this.deps.riders.findLive(claims.riderId);
    if (!rider) throw tokenInvalid();
    return { riderId: rider.id, locale: rider.locale, country: rider.country, currency: rider.currency };
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.deps.database.transaction((trx) =>
      this.deps.refreshTokens.revokeFamily(trx as Kysely<IdentityTables>, familyId, this.deps.clock.nowMs()),
    );
  }

  private async insertToken(db: Kysely<IdentityTables>, riderId: string, familyId: string): Promise<string> {
    const nowMs = this.deps.clock.nowMs();
    const token = `${REFRESH_PREFIX}${generateSecret()}`;
    await this.deps.refreshTokens.insert(db, {
      id: newId('refreshToken', nowMs),
      rider_id: riderId,
      family_id: familyId,
      token_hash: hashSecret(token),
      expires_at: toIso(nowMs + this.deps.refreshTokenTtlSeconds * 1000),
      rotated_at: null,
      revoked_at: null,
      created_at: toIso(nowMs),
    });
    return token;
  }

  private async pair(riderId: string, familyId: string, refreshToken: string): Promise<TokenPair> {
    const accessToken = await this.deps.accessTokens.issue(riderId, familyId);
    return { accessToken, refreshToken, expiresIn: this.deps.accessTokens.expiresIn };
  }
}
