import type { MigrationSet } from '../../db/index.js';
import * as outbox from './20261123_kernel_002_outbox.js';

export const outboxMigrations: MigrationSet = {
  '20261123_kernel_002_outbox': outbox,
};
