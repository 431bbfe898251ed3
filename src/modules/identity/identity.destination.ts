import { isSupportedLocale, type Locale } from '../../kernel/i18n/index.js';
import { isSupportedCurrency } from '../../kernel/money/index.js';
import { invalidField } from './identity.errors.js';

/** Where a one-time code goes: an e-mail address or a phone number, normalised. */
export type Destination = { channel: 'email'; address: string } | { channel: 'sms'; address: string };

/** E.164: a plus, a non-zero country digit, at most 15 digits in all. */
export const E164_PATTERN = '^\\+[1-9][0-9]{6,14}$';
/** Deliberately simple: one @, no spaces, a dot in the domain; the code round trip proves the rest. */
export const EMAIL_PATTERN = '^[^\\s@]{1,64}@[^\\s@]+\\.[^\\s@]{2,}$';

const E164 = new RegExp(E164_PATTERN);
const EMAIL = new RegExp(EMAIL_PATTERN);

/** Exactly one of phone or email, validated and normalised; otherwise VALIDATION_FAILED naming the field. */
export function destinationOf(input: {
  phone?: string | undefined;
  email?: string | undefined;
}): Destination {
  const { phone, email } = input;
  if (phone !== undefined && email !== undefined) {
    throw invalidField('body/email', 'must not be sent together with phone');
  }
  if (phone !== undefined) {
    const address = phone.trim();
    if (!E164.test(address)) throw invalidField('body/phone', 'must be an E.164 number, e.g. +447700900123');
    return { channel: 'sms', address };
  }
  if (email !== undefined) {
    const address = email.trim().toLowerCase();
    if (address.length > 254 || !EMAIL.test(address)) {
      throw invalidField('body/email', 'must be an e-mail address');
    }
    return { channel: 'email', address };
  }
  throw invalidField('body/phone', 'is required (or email)');
}

// Region names from ICU: an unassigned code has no name. ZZ is ICU's "Unknown Region".
const REGIONS = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** An ISO 3166-1 alpha-2 code that names a real region. */
export function isCountryCode(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && value !== 'ZZ' && REGIONS.of(value) !== undefined;
}

export interface ProfileInput {
  locale?: string | undefined;
  country?: string | undefined;
  currency?: string | undefined;
}

/** Checks profile fields beyond what the schema can (real country, supported locale and currency). */
export function assertProfile(input: ProfileInput): ProfileInput & { locale?: Locale } {
  if (input.locale !== undefined && !isSupportedLocale(input.locale)) {
    throw invalidField('body/locale', 'must be a supported locale, e.g. en-GB or fr-FR');
  }
  if (input.country !== undefined && !isCountryCode(input.country)) {
    throw invalidField('body/country', 'must be an ISO 3166-1 alpha-2 country code, e.g. GB');
  }
  if (input.currency !== undefined && !isSupportedCurrency(input.currency)) {
    throw invalidField('body/currency', 'must be a supported ISO 4217 currency, e.g. GBP');
  }
  return input as ProfileInput & { locale?: Locale };
}
