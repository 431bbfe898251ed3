import { AppError, ConflictError, NotFoundError } from '../../kernel/errors.js';
import type { DeclineCode } from './payments.provider.js';

/** 402 Payment Required: the rider has to do something about their card. */
class PaymentRequiredError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, 402, details);
  }
}

export const noCard = (riderId: string) =>
  new PaymentRequiredError('PAYMENT_NO_CARD', 'Add a card before renting', { riderId });

export const paymentNotFound = (paymentId: string) =>
  new NotFoundError('PAYMENT_NOT_FOUND', `Payment ${paymentId} does not exist`, { paymentId });

export const cardNotFound = (cardId: string) =>
  new NotFoundError('PAYMENT_CARD_NOT_FOUND', `Card ${cardId} does not exist`, { cardId });

export const receiptNotFound = (receiptId: string) =>
  new NotFoundError('PAYMENT_RECEIPT_NOT_FOUND', `Receipt ${receiptId} does not exist`, { receiptId });

/** The rider-facing error for a processor's decline of a hold or a charge. */
export function declined(code: DeclineCode | string, paymentId?: string): AppError {
  const details = { declineCode: code, ...(paymentId ? { paymentId } : {}) };
  switch (code) {
    case 'insufficient_funds':
      return new PaymentRequiredError(
        'PAYMENT_INSUFFICIENT_FUNDS',
        'The card has insufficient funds',
        details,
      );
    case 'authentication_required':
      return new PaymentRequiredError(
        'PAYMENT_AUTHENTICATION_REQUIRED',
        'The card issuer asks the rider to authenticate this payment',
        details,
      );
    case 'expired_card':
      return new PaymentRequiredError('PAYMENT_CARD_EXPIRED', 'The card has expired', details);
    default:
      return new PaymentRequiredError('PAYMENT_DECLINED', 'The card was declined', details);
  }
}

export const illegalTransition = (from: string, to: string) =>
  new ConflictError('PAYMENT_ILLEGAL_TRANSITION', `A payment cannot go from ${from} to ${to}`, { from, to });

export const paymentStateConflict = (paymentId: string, status: string, action: string) =>
  new ConflictError(
    'PAYMENT_STATE_CONFLICT',
    `Payment ${paymentId} is ${status} and cannot be ${action} now`,
    { paymentId, status, action },
  );

export const alreadyCaptured = (paymentId: string) =>
  new ConflictError('PAYMENT_ALREADY_CAPTURED', `Payment ${paymentId} was captured; refund it instead`, {
    paymentId,
  });

export const refundExceeds = (paymentId: string, refundable: number, currency: string) =>
  new ConflictError(
    'PAYMENT_REFUND_EXCEEDS',
    `At most ${refundable} ${currency} minor units of payment ${paymentId} can be refunded`,
    { paymentId, refundable, currency },
  );

export const notRefundable = (paymentId: string, status: string) =>
  new ConflictError('PAYMENT_NOT_REFUNDABLE', `Payment ${paymentId} is ${status}; nothing to refund`, {
    paymentId,
    status,
  });

export const idempotencyKeyReused = () =>
  new ConflictError(
    'IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was already used with a different request',
  );

export const invalidPaymentInput = (field: string, message: string) =>
  new AppError('PAYMENT_INVALID_INPUT', `${field} ${message}`, 400, {
    field,
    errors: [{ field, message }],
  });

export const unknownTestCard = () =>
  new AppError(
    'PAYMENT_TEST_CARD_UNKNOWN',
    'The sandbox accepts only its test card numbers (see the payments README)',
    400,
    { errors: [{ field: 'body/testCard', message: 'is not a sandbox test card' }] },
  );

export const cardInputUnsupported = (provider: string, kind: string) =>
  new AppError('PAYMENT_CARD_INPUT_UNSUPPORTED', `The ${provider} processor does not take a ${kind}`, 400, {
    provider,
    kind,
    errors: [
      {
        field: kind === 'test_card' ? 'body/testCard' : 'body/paymentMethodId',
        message: 'is not accepted here',
      },
    ],
  });

export const setupUnsupported = (provider: string) =>
  new ConflictError('PAYMENT_SETUP_UNSUPPORTED', `The ${provider} processor saves a card in one step`, {
    provider,
  });

export const providerRejected = (message: string, details?: Record<string, unknown>) =>
  new AppError('PAYMENT_PROVIDER_ERROR', message, 502, details);
