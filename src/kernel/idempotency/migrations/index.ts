import type { MigrationSet } from '../../db/index.js';
import * as idempotency from './20261123_kernel_001_idempotency.js';

export const idempotencyMigrations: MigrationSet = {
  '20261123_kernel_001_idempotency': idempotency,
};
