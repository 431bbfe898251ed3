import type { Locale } from '../../locales.js';

/**
 * Rentals texts for riders, one block per locale with exactly the keys of en-GB (the catalogue type
 * in ../en-GB.ts and i18n.test.ts enforce it). Problem keys follow the scheme in ../en-GB.ts.
 */
export const rentalsMessages = {
  'en-GB': {},
  'en-US': {},
  'fr-FR': {},
  'de-DE': {},
  'es-ES': {},
  'it-IT': {},
  'nl-NL': {},
  'ja-JP': {},
} as const satisfies Record<Locale, Record<string, string>>;
