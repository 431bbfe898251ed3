import { createSecretKey, type KeyObject } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import type { Clock } from '../../kernel/clock.js';
import { tokenExpired, tokenInvalid } from './identity.errors.js';
import { newId } from '../../kernel/ids.js';

const ISSUER = 'chargenet';
const AUDIENCE = 'chargenet:rider';
/** HMAC-SHA256 wants a key at least as long as its output (RFC 7518 §3.2). */
export const MIN_SECRET_LENGTH = 32;

export interface AccessClaims {
  riderId: string;
  /** The token's own id (jti), for logs and future deny-lists */
  tokenId: string;
  /** The refresh-token family this access token was issued with (sid) */
  familyId: string;
}

/** Tokens remembered as verified; an app sends the same access token on every request for 15 minutes. */
const VERIFIED_MAX = 10_000;

/**
 * Short-lived HS256 JWTs. Verification is pure CPU (no database), so a rider request pays only for
 * the one indexed rider read that follows; the key is imported once, not per request. A token that
 * verified once is remembered (by its whole text, signature included, so nothing forged can match)
 * until it expires: jose's verification goes through WebCrypto's promise machinery and cost several
 * per cent of the platform's CPU in the rentals benchmark, for an answer that cannot change.
 */
export class AccessTokens {
  private readonly key: KeyObject;
  private readonly verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`The identity token secret must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  get expiresIn(): number {
    return this.ttlSeconds;
  }

  async issue(riderId: string, familyId: string): Promise<string> {
    const nowMs = this.clock.nowMs();
    const nowSeconds = Math.floor(nowMs / 1000);
    return new SignJWT({ sid: familyId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(riderId)
      .setJti(newId('accessToken', nowMs))
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + this.ttlSeconds)
      .sign(this.key);
  }

  /** The claims of a valid token; AUTH_TOKEN_EXPIRED or AUTH_TOKEN_INVALID otherwise. */
  async verify(token: string): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known) {
      if (this.clock.nowMs() < known.expiresAtMs) return known.claims;
      this.verified.delete(token);
      throw tokenExpired();
    }
    const claims = await this.verifySignedClaims(token);
    if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
    return claims.claims;
  }

  private async verifySignedClaims(token: string): Promise<{ claims: AccessClaims; expiresAtMs: number }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: this.clock.now(),
        requiredClaims: ['sub', 'jti', 'exp'],
      });
      if (
        typeof payload.sub !== 'string' ||
        typeof payload.jti !== 'string' ||
        typeof payload.sid !== 'string' ||
        typeof payload.exp !== 'number'
      ) {
        throw tokenInvalid();
      }
      return {
        claims: { riderId: payload.sub, tokenId: payload.jti, familyId: payload.sid },
        // jose calls a token expired from its `exp` second on.
        expiresAtMs: payload.exp * 1000,
      };
    } catch (err) {
      // jose checks the signature before the claims, so "expired" is only said of a token we issued.
      if (err instanceof errors.JWTExpired) throw tokenExpired();
      throw tokenInvalid();
    }
  }
}
