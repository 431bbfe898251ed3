/**
 * The identity module's tables. Only identity repositories query them. Portable types: prefixed ULID
 * text ids, ISO-8601 UTC timestamp text, secrets (codes, refresh tokens) only as hashes.
 */

export interface RiderTable {
  id: string;
  /** Lower-cased; null once the rider is erased (or when they signed up by phone) */
  email: string | null;
  /** E.164; null once the rider is erased (or when they signed up by email) */
  phone: string | null;
  locale: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  /** ISO 4217 */
  currency: string;
  created_at: string;
  updated_at: string;
  /** Set when the rider erased their account; the row stays, pseudonymised, for other modules' references */
  deleted_at: string | null;
}

export interface LoginCodeTable {
  id: string;
  /** The normalised e-mail address or E.164 number the code was sent to */
  destination: string;
  code_hash: string;
  expires_at: string;
  /** Wrong guesses so far; at the limit the code is burned */
  attempts: number;
  consumed_at: string | null;
  created_at: string;
}

export interface RefreshTokenTable {
  id: string;
  rider_id: string;
  /** Every token rotated from one sign-in shares the family; reuse of a rotated token revokes it all */
  family_id: string;
  token_hash: string;
  expires_at: string;
  rotated_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export type OutboxChannel = 'email' | 'sms';

export interface DevOutboxTable {
  id: string;
  channel: OutboxChannel;
  destination: string;
  subject: string | null;
  body: string;
  created_at: string;
}

export interface IdentityTables {
  identity_riders: RiderTable;
  identity_login_codes: LoginCodeTable;
  identity_refresh_tokens: RefreshTokenTable;
  identity_dev_outbox: DevOutboxTable;
}
