import { AppError } from '../../kernel/errors.js';

export const invalidTariff = (field: string, message: string) =>
  new AppError('PRICING_INVALID_TARIFF', `Invalid tariff: ${field} ${message}`, 400, { field });

export const invalidTaxRule = (field: string, message: string) =>
  new AppError('PRICING_INVALID_TAX_RULE', `Invalid tax rule: ${field} ${message}`, 400, { field });

export const invalidDuration = (durationMs: unknown, message: string) =>
  new AppError('PRICING_INVALID_DURATION', `Invalid rental duration ${String(durationMs)}: ${message}`, 400, {
    durationMs: String(durationMs),
  });
