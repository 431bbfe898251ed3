import { AppError, ConflictError, NotFoundError } from '../../kernel/errors.js';

export const invalidTariff = (field: string, message: string) =>
  new AppError('PRICING_INVALID_TARIFF', `Invalid tariff: ${field} ${message}`, 400, { field });

export const invalidTaxRule = (field: string, message: string) =>
  new AppError('PRICING_INVALID_TAX_RULE', `Invalid tax rule: ${field} ${message}`, 400, { field });

export const invalidDuration = (durationMs: unknown, message: string) =>
  new AppError('PRICING_INVALID_DURATION', `Invalid rental duration ${String(durationMs)}: ${message}`, 400, {
    durationMs: String(durationMs),
  });

export const invalidRegion = (field: string, message: string) =>
  new AppError('PRICING_INVALID_REGION', `Invalid region: ${field} ${message}`, 400, { field });

/** A country with no region, or no tariff in force yet: its stations cannot be rented. */
export const noTariff = (country: string) =>
  new ConflictError('PRICING_NO_TARIFF', `No tariff is in force in ${country}`, { country });

export const regionNotFound = (country: string) =>
  new NotFoundError('PRICING_REGION_NOT_FOUND', `No pricing region for ${country}`, { country });

export const tariffCurrencyMismatch = (country: string, expected: string, actual: string) =>
  new AppError(
    'PRICING_CURRENCY_MISMATCH',
    `Tariffs in ${country} must be in ${expected}, not ${actual}`,
    400,
    { country, expected, actual, field: 'currency' },
  );

export const regionCurrencyLocked = (country: string, current: string) =>
  new ConflictError(
    'PRICING_REGION_CURRENCY_LOCKED',
    `${country} already has tariffs in ${current}; its currency cannot change`,
    { country, current },
  );

/**
 * The pure core names a bad field in `details.field`; over HTTP the field also goes into the
 * problem's `errors` list (as `body/<field>`, like schema errors), so a client sees which input to fix
 * in every locale, not only in the English message.
 */
export function withFieldErrors(err: unknown, prefix = 'body/'): unknown {
  if (!(err instanceof AppError) || typeof err.details?.field !== 'string') return err;
  const field = `${prefix}${err.details.field}`;
  const message = err.message.replace(/^[^:]*: \S+ /, '');
  return new AppError(err.code, err.message, err.status, { ...err.details, errors: [{ field, message }] });
}
