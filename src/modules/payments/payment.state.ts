import type { PaymentStatus } from './payments.contract.js';
import { illegalTransition } from './payments.errors.js';

/**
 * The payment state machine, pure. `requires_action` (the issuer wants the rider to authenticate) can
 * still end as authorised, failed or released; `authorized → failed` is a settle whose off-session
 * charge was declined (the amount owed stays on the payment). See docs/payments.md.
 */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  pending: ['authorized', 'requires_action', 'failed'],
  requires_action: ['authorized', 'failed', 'released'],
  authorized: ['captured', 'released', 'failed'],
  captured: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  refunded: [],
  released: [],
  failed: [],
};

export const PAYMENT_STATUSES = Object.keys(PAYMENT_TRANSITIONS) as PaymentStatus[];

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

/** The next status, or PAYMENT_ILLEGAL_TRANSITION (409) when the machine does not allow the move. */
export function transition(from: PaymentStatus, to: PaymentStatus): PaymentStatus {
  if (!canTransition(from, to)) throw illegalTransition(from, to);
  return to;
}

/** Where a refund leaves a payment: refunded once nothing captured is left, else partially refunded. */
export function statusAfterRefund(
  from: PaymentStatus,
  captured: number,
  refundedAfter: number,
): PaymentStatus {
  return transition(from, refundedAfter >= captured ? 'refunded' : 'partially_refunded');
}

/** Statuses nothing moves a payment out of. */
export function isFinal(status: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[status].length === 0;
}
