import { enGB, type Catalogue } from './en-GB.js';
import { identityMessages } from './areas/identity.js';
import { pricingMessages } from './areas/pricing.js';
import { paymentsMessages } from './areas/payments.js';
import { rentalsMessages } from './areas/rentals.js';

/** American English: the British texts, with the spellings that differ overridden (none so far). */
export const enUS: Catalogue = {
  ...enGB,
  ...identityMessages['en-US'],
  ...pricingMessages['en-US'],
  ...paymentsMessages['en-US'],
  ...rentalsMessages['en-US'],
};
