/**
 * kernel/idempotency — Idempotency-Key with Stripe semantics for create/charge endpoints.
 * See README.md; the Fastify glue is src/http/idempotency.ts.
 */
export {
  IdempotencyStore,
  type IdempotencyStoreOptions,
  type IdempotentOutcome,
  type IdempotentResponse,
} from './idempotency.store.js';
export { canonicalJson, requestHash } from './idempotency.hash.js';
export {
  IDEMPOTENCY_HEADER,
  ReplayedError,
  idempotencyKeyInUse,
  idempotencyKeyInvalid,
  idempotencyKeyRequired,
  idempotencyKeyReused,
} from './idempotency.errors.js';
export { idempotencyMigrations } from './migrations/index.js';
export type { IdempotencyTables } from './idempotency.tables.js';
