import type { Locale } from '../../kernel/i18n/index.js';

/**
 * What other modules may rely on from identity (the contract the rentals and payments modules are
 * written against). The identity module implements it; see README.md.
 */

/** The rider behind a valid access token, with the profile fields other modules need. */
export interface RiderPrincipal {
  riderId: string;
  locale: Locale;
  /** ISO 3166-1 alpha-2 */
  country: string;
  /** ISO 4217 */
  currency: string;
}

/** Another module's part of a rider's data export (GDPR art. 15/20): a JSON-serialisable value. */
export type RiderDataExporter = (riderId: string) => Promise<unknown>;

/**
 * Another module's part of erasing a rider (GDPR art. 17). `blocker` returns a reason code when the
 * rider cannot be erased now (e.g. an active rental), `erase` removes or pseudonymises what the module
 * holds (financial records kept by law are pseudonymised, not deleted).
 */
export interface RiderErasureHook {
  blocker?(riderId: string): Promise<string | undefined>;
  erase(riderId: string): Promise<void>;
}
