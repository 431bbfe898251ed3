import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import type { Database } from '../../kernel/db/index.js';
import type { RiderDataExporter, RiderErasureHook } from './identity.contract.js';
import { assertProfile, type ProfileInput } from './identity.destination.js';
import { erasureBlocked, riderNotFound } from './identity.errors.js';
import type { IdentityTables } from './identity.tables.js';
import type { Rider, SessionRecord } from './identity.types.js';
import type { DevOutbox } from './dev-outbox.js';
import type { LoginCodesRepository } from './login-codes.repository.js';
import type { RefreshTokensRepository } from './refresh-tokens.repository.js';
import type { RidersRepository } from './riders.repository.js';

/** The name identity's own part has in an export; other exporters may not take it. */
export const IDENTITY_EXPORT_NAME = 'identity';

export interface RidersDeps {
  database: Database;
  clock: Clock;
  riders: RidersRepository;
  codes: LoginCodesRepository;
  refreshTokens: RefreshTokensRepository;
  devOutbox: DevOutbox;
}

export interface IdentityExport {
  rider: Rider;
  sessions: SessionRecord[];
}

/** Rider profiles and the GDPR rights over them: export (art. 15/20) and erasure (art. 17). */
export class RidersService {
  private readonly exporters = new Map<string, RiderDataExporter>();
  private readonly hooks = new Map<string, RiderErasureHook>();

  constructor(private readonly deps: RidersDeps) {}

  /** The live rider; IDENTITY_RIDER_NOT_FOUND for an unknown or erased id. */
  async get(riderId: string): Promise<Rider> {
    const rider = await this.deps.riders.findLive(riderId);
    if (!rider) throw riderNotFound(riderId);
    return rider;
  }

  /** Changes locale, country and/or currency after checking each. */
  async updateProfile(riderId: string, changes: ProfileInput): Promise<Rider> {
    const valid = assertProfile(changes);
    if (!(await this.deps.riders.updateProfile(riderId, valid, this.deps.clock.nowMs()))) {
      throw riderNotFound(riderId);
    }
    return this.get(riderId);
  }

  registerExporter(name: string, exporter: RiderDataExporter): void {
    if (name === IDENTITY_EXPORT_NAME || this.exporters.has(name)) {
      throw new Error(`A rider data exporter named ${name} is already registered`);
    }
    this.exporters.set(name, exporter);
  }

  registerErasureHook(name: string, hook: RiderErasureHook): void {
    if (this.hooks.has(name)) throw new Error(`A rider erasure hook named ${name} is already registered`);
    this.hooks.set(name, hook);
  }

  /** Everything the platform holds about the rider, keyed by the module that holds it. */
  async export(riderId: string): Promise<Record<string, unknown>> {
    const rider = await this.get(riderId);
    const own: IdentityExport = { rider, sessions: await this.deps.refreshTokens.sessions(riderId) };
    const out: Record<string, unknown> = { [IDENTITY_EXPORT_NAME]: own };
    const parts = await Promise.all(
      [...this.exporters].map(async ([name, exporter]) => [name, await exporter(riderId)] as const),
    );
    for (const [name, data] of parts) out[name] = data;
    return out;
  }

  /**
   * Erases the rider unless a module objects (IDENTITY_ERASURE_BLOCKED naming the first reason).
   * Other modules erase first: should one fail, the rider still exists and can simply try again,
   * whereas erasing identity first would leave the rider unable to sign in and retry.
   */
  async erase(riderId: string): Promise<void> {
    await this.get(riderId);
    for (const [name, hook] of this.hooks) {
      const reason = await hook.blocker?.(riderId);
      if (reason) throw erasureBlocked(name, reason);
    }
    for (const hook of this.hooks.values()) await hook.erase(riderId);
    const nowMs = this.deps.clock.nowMs();
    await this.deps.database.transaction(async (trx) => {
      const db = trx as Kysely<IdentityTables>;
      const contact = await this.deps.riders.pseudonymise(db, riderId, nowMs);
      if (!contact) return;
      await this.deps.refreshTokens.revokeRider(db, riderId, nowMs);
      const addresses = [contact.email, contact.phone].filter((a): a is string => a !== null);
      await this.deps.codes.deleteFor(db, addresses);
      await this.deps.devOutbox.deleteFor(db, addresses);
    });
  }
}
