import { createHash } from 'node:crypto';

/**
 * Idempotency keys we derive for the processor from the caller's: deterministic, so a retry after a
 * crash between the processor call and our write sends the same key and the processor returns the
 * first outcome instead of moving money again; hashed, so any caller key fits the processor's limit.
 */
export function keyHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000'), 'utf8').digest('hex').slice(0, 32);
}

/** The processor key of one step of one operation on a payment, e.g. `pay_…:settle:<hash>:capture`. */
export function processorKey(
  paymentId: string,
  operation: string,
  callerKeyHash: string,
  step: string,
): string {
  return `${paymentId}:${operation}:${callerKeyHash}:${step}`;
}
