import { AppError, ConflictError } from '../errors.js';

/** The HTTP header the key travels in; named in every problem so the client knows what to fix. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** 400: the header is present but empty, too long or not printable ASCII. */
export const idempotencyKeyInvalid = () =>
  new AppError(
    'IDEMPOTENCY_KEY_INVALID',
    `The ${IDEMPOTENCY_HEADER} header must be 1 to 255 printable ASCII characters`,
    400,
    { header: IDEMPOTENCY_HEADER, maxLength: 255 },
  );

/** 400: the endpoint needs a key and none was sent. */
export const idempotencyKeyRequired = () =>
  new AppError('IDEMPOTENCY_KEY_REQUIRED', `This endpoint needs an ${IDEMPOTENCY_HEADER} header`, 400, {
    header: IDEMPOTENCY_HEADER,
  });

/** 422: the key was first used for a different request. */
export const idempotencyKeyReused = () =>
  new AppError(
    'IDEMPOTENCY_KEY_REUSED',
    `This ${IDEMPOTENCY_HEADER} was already used for a different request; send a new key`,
    422,
    { header: IDEMPOTENCY_HEADER },
  );

/** 409: the first request with the key is still running after the wait bound. */
export const idempotencyKeyInUse = () =>
  new ConflictError(
    'IDEMPOTENCY_KEY_IN_USE',
    `A request with this ${IDEMPOTENCY_HEADER} is still being processed; retry shortly`,
    { header: IDEMPOTENCY_HEADER },
  );

/**
 * A stored 4xx outcome thrown again on replay. It renders exactly like the original error (the HTTP
 * layer reads only code, status, message and details); `replayed` lets the glue mark the response.
 */
export class ReplayedError extends AppError {
  readonly replayed = true;
}
