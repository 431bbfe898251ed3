import type { MigrationSet } from '../../../kernel/db/index.js';
import * as init from './20261123_payments_001_init.js';

export const paymentsMigrations: MigrationSet = {
  '20261123_payments_001_init': init,
};
