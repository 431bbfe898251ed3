import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { toIso, type Clock } from '../../kernel/clock.js';
import { isUniqueViolation } from '../../kernel/db/index.js';
import { negotiateLocale } from '../../kernel/i18n/index.js';
import { codeMessage, type CodeSender } from './code-senders.js';
import { assertProfile, destinationOf, type Destination } from './identity.destination.js';
import { codeExpired, codeInvalid, codeRateLimited } from './identity.errors.js';
import { newId } from '../../kernel/ids.js';
import type { SignInResult, TokenPair } from './identity.types.js';
import type { LoginCodesRepository } from './login-codes.repository.js';
import type { RidersRepository } from './riders.repository.js';
import type { SessionsService } from './sessions.service.js';

/** Wrong guesses a code survives; with 5 codes an hour that is 25 guesses of a million per hour. */
export const MAX_CODE_ATTEMPTS = 5;
const HOUR_MS = 3_600_000;
export const DEFAULT_COUNTRY = 'GB';
export const DEFAULT_CURRENCY = 'GBP';

export interface CodeRequest {
  phone?: string | undefined;
  email?: string | undefined;
}

export interface SignInRequest extends CodeRequest {
  code: string;
  /** Used only when this sign-in creates the rider */
  country?: string | undefined;
  currency?: string | undefined;
}

export interface AuthDeps {
  clock: Clock;
  riders: RidersRepository;
  codes: LoginCodesRepository;
  sessions: SessionsService;
  sender: CodeSender;
  /** Keys the code hashes, so a leaked table cannot be reversed by trying all million codes */
  codePepper: string;
  codeTtlSeconds: number;
  codesPerHour: number;
}

/** Sign-up and login with one-time codes, and the session operations riders call. */
export class AuthService {
  constructor(private readonly deps: AuthDeps) {}

  /**
   * Sends a fresh 6-digit code to the phone or e-mail address, in the rider's language (their
   * profile's, else Accept-Language). At most `codesPerHour` codes per destination per hour.
   */
  async requestCode(
    input: CodeRequest,
    acceptLanguage?: string,
  ): Promise<{ channel: Destination['channel']; expiresIn: number }> {
    const { clock, codes } = this.deps;
    const destination = destinationOf(input);
    const nowMs = clock.nowMs();
    const recent = await codes.issuedSince(destination.address, nowMs - HOUR_MS);
    if (recent.count >= this.deps.codesPerHour) {
      const freeAtMs = new Date(recent.oldestAt ?? toIso(nowMs)).getTime() + HOUR_MS;
      throw codeRateLimited(Math.max(1, Math.ceil((freeAtMs - nowMs) / 1000)));
    }
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    await codes.insert({
      id: newId('loginCode', nowMs),
      destination: destination.address,
      code_hash: this.hashCode(destination.address, code),
      expires_at: toIso(nowMs + this.deps.codeTtlSeconds * 1000),
      attempts: 0,
      consumed_at: null,
      created_at: toIso(nowMs),
    });
    const rider = await this.deps.riders.findByDestination(destination);
    const locale = negotiateLocale(acceptLanguage, rider?.locale);
    await this.deps.sender.send(codeMessage(destination, code, this.deps.codeTtlSeconds, locale));
    return { channel: destination.channel, expiresIn: this.deps.codeTtlSeconds };
  }

  /**
   * Verifies the newest code sent to the destination and opens a session; the first successful
   * verification of a new destination creates the rider (sign-up).
   */
  async signIn(input: SignInRequest, acceptLanguage?: string): Promise<SignInResult> {
    const { clock, codes } = this.deps;
    const destination = destinationOf(input);
    // Checked before the code is spent, so a bad profile field costs the rider nothing.
    const profile = assertProfile({ country: input.country, currency: input.currency });
    const row = await codes.newest(destination.address);
    const nowMs = clock.nowMs();
    const usable =
      row &&
      row.consumed_at === null &&
      Number(row.attempts) < MAX_CODE_ATTEMPTS &&
      row.expires_at > toIso(nowMs);
    if (!row || !usable) throw codeExpired();
    if (!this.matches(row.code_hash, destination.address, input.code)) {
      const attempts = await codes.recordWrongAttempt(row.id);
      if (attempts === undefined) throw codeExpired();
      throw codeInvalid(Math.max(0, MAX_CODE_ATTEMPTS - attempts));
    }
    if (!(await codes.consume(row.id, MAX_CODE_ATTEMPTS, nowMs))) throw codeExpired();

    let created = false;
    let rider = await this.deps.riders.findByDestination(destination);
    if (!rider) {
      try {
        rider = await this.deps.riders.create(
          {
            id: newId('rider', nowMs),
            destination,
            locale: negotiateLocale(acceptLanguage),
            country: profile.country ?? DEFAULT_COUNTRY,
            currency: profile.currency ?? DEFAULT_CURRENCY,
          },
          nowMs,
        );
        created = true;
      } catch (err) {
        // Two codes for one new destination verified at once: the other request created the rider.
        if (!isUniqueViolation(err)) throw err;
        rider = await this.deps.riders.findByDestination(destination);
        if (!rider) throw err;
      }
    }
    const tokens = await this.deps.sessions.start(rider.id);
    return { ...tokens, rider, created };
  }

  /** Rotates a refresh token (see SessionsService.refresh). */
  refresh(refreshToken: string): Promise<TokenPair> {
    return this.deps.sessions.refresh(refreshToken);
  }

  /** Revokes the refresh token's family. */
  logout(refreshToken: string): Promise<void> {
    return this.deps.sessions.logout(refreshToken);
  }

  private hashCode(destination: string, code: string): string {
    const mac = createHmac('sha256', this.deps.codePepper).update(`${destination}\n${code}`).digest('hex');
    return `hmac-sha256:${mac}`;
  }

  private matches(stored: string, destination: string, code: string): boolean {
    const expected = Buffer.from(stored, 'utf8');
    const actual = Buffer.from(this.hashCode(destination, code), 'utf8');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
