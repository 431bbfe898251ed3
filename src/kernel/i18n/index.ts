export {
  DEFAULT_LOCALE,
  SOURCE_LANGUAGE,
  SUPPORTED_LOCALES,
  isSupportedLocale,
  languageOf,
  negotiateLocale,
  type Locale,
} from './locales.js';
export { CATALOGUES, type Catalogue, type MessageKey } from './messages/index.js';
export { isMessageKey, messageArguments, t, type MessageValues } from './translate.js';
