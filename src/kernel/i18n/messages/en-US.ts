import { enGB, type Catalogue } from './en-GB.js';

/** American English: the British texts, with the spellings that differ overridden (none so far). */
export const enUS: Catalogue = {
  ...enGB,
};
