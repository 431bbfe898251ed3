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

/**
 * Short-lived HS256 JWTs. Verification is pure CPU (no database), so a rider request pays only for
 * the one indexed rider read that follows; the key is imported once, not per request.
 */
export class AccessTokens {
  private readonly key: KeyObject;

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
        typeof payload.sid !== 'string'
      ) {
        throw tokenInvalid();
      }
      return { riderId: payload.sub, tokenId: payload.jti, familyId: payload.sid };
    } catch (err) {
      // jose checks the signature before the claims, so "expired" is only said of a token we issued.
      if (err instanceof errors.JWTExpired) throw tokenExpired();
      throw tokenInvalid();
    }
  }
}
