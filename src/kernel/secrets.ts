import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Machine secrets (station secrets, admin and API tokens) are 256 bits of randomness, so a single
 * SHA-256 is a sound at-rest hash: there is nothing to brute-force, and verification stays cheap
 * enough for a reconnect storm of 100,000 stations (see docs/adr/0003-machine-secret-hashing.md).
 */
export function generateSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The stored form of a secret: `sha256:<hex>`. */
export function hashSecret(secret: string): string {
  return `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex')}`;
}

/** Constant-time comparison of a presented secret with its stored hash. */
export function verifySecret(secret: string, stored: string): boolean {
  const expected = Buffer.from(stored, 'utf8');
  const actual = Buffer.from(hashSecret(secret), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
