import type { Tariff } from '../../src/modules/pricing/index.js';

/** The demo's British tariff (£1 to unlock, 5 free minutes, £1.50 per 30 min, £6 a day, £25 at most). */
export const GB_TARIFF: Tariff = {
  currency: 'GBP',
  unlockFee: 100,
  freeMinutes: 5,
  periodMinutes: 30,
  pricePerPeriod: 150,
  dailyCap: 600,
  maxCharge: 2500,
};
