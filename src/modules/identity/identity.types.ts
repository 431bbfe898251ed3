import type { Locale } from '../../kernel/i18n/index.js';

/** A rider's profile as the rider sees it (GET /v1/me). */
export interface Rider {
  id: string;
  email: string | null;
  phone: string | null;
  locale: Locale;
  country: string;
  currency: string;
  createdAt: string;
  updatedAt: string;
}

/** What a successful sign-in or refresh hands the app. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires */
  expiresIn: number;
}

export interface SignInResult extends TokenPair {
  rider: Rider;
  /** True when this verification created the rider (sign-up) */
  created: boolean;
}

/** A sign-in session as shown in the rider's data export: no token material. */
export interface SessionRecord {
  familyId: string;
  createdAt: string;
  expiresAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
}

/** A message the development outbox holds (e-mail or SMS). */
export interface OutboxMessage {
  id: string;
  channel: 'email' | 'sms';
  destination: string;
  subject: string | null;
  body: string;
  createdAt: string;
}
