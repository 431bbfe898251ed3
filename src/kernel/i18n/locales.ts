/** The locales the network speaks to riders in; the first is the default. */
export const SUPPORTED_LOCALES = [
  'en-GB',
  'en-US',
  'fr-FR',
  'de-DE',
  'es-ES',
  'it-IT',
  'nl-NL',
  'ja-JP',
] as const;

export type Locale = (typeof SUPPORTED_LOCALES)[number];

export const DEFAULT_LOCALE: Locale = 'en-GB';

/** Developer-facing texts (error messages in code) are written in this language. */
export const SOURCE_LANGUAGE = 'en';

const BY_LOWER = new Map<string, Locale>(SUPPORTED_LOCALES.map((l) => [l.toLowerCase(), l]));

/** A bare language tag (`fr`, `en`) means the first supported locale with that language. */
const BY_LANGUAGE = new Map<string, Locale>();
for (const l of SUPPORTED_LOCALES) {
  const language = languageOf(l);
  if (!BY_LANGUAGE.has(language)) BY_LANGUAGE.set(language, l);
}

/** Ranges beyond this many are ignored: a header is client input and need not be read whole. */
const MAX_RANGES = 20;

/** The primary language subtag of a locale, lower case (`fr-FR` → `fr`). */
export function languageOf(locale: string): string {
  return (locale.split('-')[0] ?? '').toLowerCase();
}

export function isSupportedLocale(value: string): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * RFC 4647 lookup for one language range: the range, then shorter and shorter prefixes of it, the
 * first that names a supported locale wins (`fr-CH` → `fr` → fr-FR; `en-US` → en-US).
 */
function lookup(range: string): Locale | undefined {
  const subtags = range.toLowerCase().split('-');
  while (subtags.length > 0) {
    const tag = subtags.join('-');
    const found = BY_LOWER.get(tag) ?? (subtags.length === 1 ? BY_LANGUAGE.get(tag) : undefined);
    if (found) return found;
    subtags.pop();
    // RFC 4647 §3.4: a single-letter subtag (an extension or private-use singleton) goes with the next one.
    if (subtags.length > 0 && (subtags[subtags.length - 1] ?? '').length === 1) subtags.pop();
  }
  return undefined;
}

interface WeightedRange {
  range: string;
  q: number;
  order: number;
}

function parseAcceptLanguage(header: string): WeightedRange[] {
  const ranges: WeightedRange[] = [];
  for (const [order, part] of header.split(',').slice(0, MAX_RANGES).entries()) {
    const [rawRange, ...params] = part.split(';');
    const range = (rawRange ?? '').trim();
    if (!/^(\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)$/.test(range)) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9](?:\.[0-9]{0,3})?)\s*$/i.exec(p);
      if (m?.[1] !== undefined) q = Math.min(1, Number(m[1]));
    }
    if (q > 0 && range !== '*') ranges.push({ range, q, order });
  }
  // Highest q first; equal weights keep the order the client sent them in.
  return ranges.sort((a, b) => b.q - a.q || a.order - b.order);
}

/**
 * The locale to answer in: the best match of the Accept-Language header (RFC 4647 lookup, by
 * q-value) — what the rider's device can show right now —, else `fallback` (the rider's profile
 * locale, which is also what messages sent without a request use) if supported, else the default.
 */
export function negotiateLocale(acceptLanguage: string | undefined, fallback?: string): Locale {
  if (acceptLanguage) {
    for (const { range } of parseAcceptLanguage(acceptLanguage)) {
      const found = lookup(range);
      if (found) return found;
    }
  }
  if (fallback) {
    const fromProfile = lookup(fallback.trim());
    if (fromProfile) return fromProfile;
  }
  return DEFAULT_LOCALE;
}
