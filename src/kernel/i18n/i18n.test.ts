import { describe, expect, it } from 'vitest';
import {
  CATALOGUES,
  DEFAULT_LOCALE,
  SUPPORTED_LOCALES,
  messageArguments,
  negotiateLocale,
  t,
  type MessageKey,
} from './index.js';

const sourceKeys = Object.keys(CATALOGUES['en-GB']).sort() as MessageKey[];

describe('catalogues', () => {
  it('cover the eight supported locales, en-GB first and default', () => {
    expect(SUPPORTED_LOCALES).toEqual([
      'en-GB',
      'en-US',
      'fr-FR',
      'de-DE',
      'es-ES',
      'it-IT',
      'nl-NL',
      'ja-JP',
    ]);
    expect(DEFAULT_LOCALE).toBe('en-GB');
    expect(Object.keys(CATALOGUES).sort()).toEqual([...SUPPORTED_LOCALES].sort());
  });

  it.each(SUPPORTED_LOCALES)('%s has exactly the keys of en-GB', (locale) => {
    expect(Object.keys(CATALOGUES[locale]).sort()).toEqual(sourceKeys);
  });

  it.each(SUPPORTED_LOCALES)('%s: every message compiles and uses the arguments of en-GB', (locale) => {
    for (const key of sourceKeys) {
      const text = CATALOGUES[locale][key];
      expect(text.trim(), `${locale} ${key}`).not.toBe('');
      expect([...messageArguments(locale, key)].sort(), `${locale} ${key}`).toEqual(
        [...messageArguments('en-GB', key)].sort(),
      );
    }
  });

  it.each(SUPPORTED_LOCALES.filter((l) => !l.startsWith('en-')))(
    '%s is translated, not a copy of English',
    (locale) => {
      // Short technical words (`Conflict` in Dutch) may coincide; whole catalogues may not.
      const same = sourceKeys.filter((k) => CATALOGUES[locale][k] === CATALOGUES['en-GB'][k]);
      expect(same.length, same.join(', ')).toBeLessThanOrEqual(1);
    },
  );
});

describe('t', () => {
  it('fills ICU arguments in the locale', () => {
    expect(t('fr-FR', 'problem.FLEET_STATION_NOT_FOUND.detail', { stationId: 'stn_1' })).toBe(
      'La station stn_1 n’existe pas',
    );
    expect(t('ja-JP', 'problem.MONEY_CURRENCY_MISMATCH.detail', { left: 'GBP', right: 'JPY' })).toBe(
      'GBP と JPY は組み合わせられません',
    );
  });

  it('keeps angle brackets literal', () => {
    expect(t('en-GB', 'problem.AUTH_REQUIRED.detail')).toBe(
      'This endpoint needs Authorization: Bearer <admin token>',
    );
  });

  it('returns the same text on repeated calls (compiled once, cached)', () => {
    const a = t('de-DE', 'problem.NOT_FOUND.detail', { method: 'GET', path: '/x' });
    const b = t('de-DE', 'problem.NOT_FOUND.detail', { method: 'GET', path: '/x' });
    expect(a).toBe(b);
    expect(a).toBe('Keine Route passt zu GET /x');
  });
});

describe('negotiateLocale', () => {
  it.each([
    [undefined, 'en-GB'],
    ['', 'en-GB'],
    ['fr', 'fr-FR'],
    ['fr-CH, de;q=0.5', 'fr-FR'],
    ['en', 'en-GB'],
    ['en-US', 'en-US'],
    ['EN-us', 'en-US'],
    ['en-AU', 'en-GB'],
    ['ja', 'ja-JP'],
    ['zh-CN, ko', 'en-GB'],
    ['zh-CN, nl;q=0.2', 'nl-NL'],
    ['de;q=0.3, it;q=0.9, es', 'es-ES'],
    ['de;q=0.3, it;q=0.9', 'it-IT'],
    ['*', 'en-GB'],
    ['fr;q=0, de', 'de-DE'],
    ['es-419;q=0.8, pt-BR', 'es-ES'],
    ['not a valid header at all;;;', 'en-GB'],
  ] as const)('%j → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it('answers in the header’s language, and in the rider profile’s when the header names none we speak', () => {
    expect(negotiateLocale('fr', 'ja-JP')).toBe('fr-FR');
    expect(negotiateLocale(undefined, 'de')).toBe('de-DE');
    expect(negotiateLocale('*', 'ja-JP')).toBe('ja-JP');
    expect(negotiateLocale('pt-BR, zh', 'it-IT')).toBe('it-IT');
    expect(negotiateLocale('pt-BR', 'pt-PT')).toBe('en-GB');
  });
});
