import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import type { Locale } from './locales.js';
import { CATALOGUES, type MessageKey } from './messages/index.js';

export type MessageValues = Record<string, PrimitiveType>;

/**
 * Compiled messages, one per locale and key. Catalogues are fixed at build time, so the cache is
 * bounded by their size and never needs evicting.
 */
const compiled = new Map<string, IntlMessageFormat>();

function compile(locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    // Tags are off: texts such as `Bearer <admin token>` are literal, we never render rich text.
    format = new IntlMessageFormat(CATALOGUES[locale][key], locale, undefined, { ignoreTag: true });
    compiled.set(id, format);
  }
  return format;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(CATALOGUES['en-GB'], key);
}

/** The text of `key` in `locale`, with its ICU arguments filled from `values`. */
export function t(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const out = compile(locale, key).format(values);
  // With tags off and no rich-text values, format always returns a string.
  return typeof out === 'string' ? out : String(out);
}

interface AstNode {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstNode[] }>;
  children?: AstNode[];
}

// Element types of @formatjs/icu-messageformat-parser that name an argument: argument, number,
// date, time, select, plural.
const ARGUMENT_TYPES = new Set([1, 2, 3, 4, 5, 6]);

function collectArguments(nodes: AstNode[], into: Set<string>): Set<string> {
  for (const node of nodes) {
    if (ARGUMENT_TYPES.has(node.type) && typeof node.value === 'string') into.add(node.value);
    for (const option of Object.values(node.options ?? {})) collectArguments(option.value, into);
    if (node.children) collectArguments(node.children, into);
  }
  return into;
}

/** The names of the ICU arguments a message uses, e.g. `{stationId}` → `stationId`. */
export function messageArguments(locale: Locale, key: MessageKey): ReadonlySet<string> {
  return collectArguments(compile(locale, key).getAst() as AstNode[], new Set());
}
