import type { Locale } from '../locales.js';
import { deDE } from './de-DE.js';
import { enGB, type Catalogue } from './en-GB.js';
import { enUS } from './en-US.js';
import { esES } from './es-ES.js';
import { frFR } from './fr-FR.js';
import { itIT } from './it-IT.js';
import { jaJP } from './ja-JP.js';
import { nlNL } from './nl-NL.js';

export type { Catalogue, MessageKey } from './en-GB.js';

/** Every supported locale's catalogue; the type makes a missing locale a compile error. */
export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = {
  'en-GB': enGB,
  'en-US': enUS,
  'fr-FR': frFR,
  'de-DE': deDE,
  'es-ES': esES,
  'it-IT': itIT,
  'nl-NL': nlNL,
  'ja-JP': jaJP,
};
