import { AppError, ConflictError, ValidationError } from '../../kernel/errors.js';

/** Errors of the identity module; every code has problem texts in src/kernel/i18n/messages/areas/identity.ts. */

export const riderRequired = () =>
  new AppError('AUTH_RIDER_REQUIRED', 'This endpoint needs Authorization: Bearer <access token>', 401);

export const tokenInvalid = () => new AppError('AUTH_TOKEN_INVALID', 'The access token is not valid', 401);

export const tokenExpired = () =>
  new AppError('AUTH_TOKEN_EXPIRED', 'The access token has expired; refresh it', 401);

export const codeRateLimited = (retryAfterSeconds: number) =>
  new AppError(
    'AUTH_CODE_RATE_LIMITED',
    `Too many codes requested for this destination; try again in ${retryAfterSeconds} s`,
    429,
    // Minutes for the rider-facing text; seconds for the Retry-After header.
    { retryAfterSeconds, retryAfterMinutes: Math.ceil(retryAfterSeconds / 60) },
  );

export const codeInvalid = (attemptsLeft: number) =>
  new AppError('AUTH_CODE_INVALID', `The code is not correct; ${attemptsLeft} attempts left`, 401, {
    attemptsLeft,
  });

export const codeExpired = () =>
  new AppError(
    'AUTH_CODE_EXPIRED',
    'No valid code for this destination (expired, already used or too many wrong attempts); request a new one',
    401,
  );

export const refreshTokenInvalid = () =>
  new AppError('AUTH_REFRESH_TOKEN_INVALID', 'The refresh token is not valid; sign in again', 401);

export const refreshTokenReused = () =>
  new AppError(
    'AUTH_REFRESH_TOKEN_REUSED',
    'The refresh token was already used; every session of this sign-in is revoked, sign in again',
    401,
  );

export const erasureBlocked = (hook: string, reason: string) =>
  new ConflictError('IDENTITY_ERASURE_BLOCKED', `The account cannot be deleted now: ${reason} (${hook})`, {
    hook,
    reason,
  });

export const riderNotFound = (riderId: string) =>
  new AppError('IDENTITY_RIDER_NOT_FOUND', `Rider ${riderId} does not exist`, 404, { riderId });

/** A bad field of identity input, named as the HTTP layer names fields (`body/phone`). */
export const invalidField = (field: string, message: string) =>
  new ValidationError(`${field} ${message}`, { errors: [{ field, message }] });
