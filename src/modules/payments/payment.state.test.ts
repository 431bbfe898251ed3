import { describe, expect, it } from 'vitest';
import type { PaymentStatus } from './payments.contract.js';
import { PAYMENT_STATUSES, canTransition, isFinal, statusAfterRefund, transition } from './payment.state.js';

const ALLOWED: [PaymentStatus, PaymentStatus][] = [
  ['pending', 'authorized'],
  ['pending', 'requires_action'],
  ['pending', 'failed'],
  ['requires_action', 'authorized'],
  ['requires_action', 'failed'],
  ['requires_action', 'released'],
  ['authorized', 'captured'],
  ['authorized', 'released'],
  ['authorized', 'failed'],
  ['captured', 'partially_refunded'],
  ['captured', 'refunded'],
  ['partially_refunded', 'partially_refunded'],
  ['partially_refunded', 'refunded'],
];

describe('payment state machine', () => {
  it('names all eight statuses of the contract', () => {
    expect([...PAYMENT_STATUSES].sort()).toEqual(
      [
        'pending',
        'requires_action',
        'authorized',
        'captured',
        'partially_refunded',
        'refunded',
        'released',
        'failed',
      ].sort(),
    );
  });

  const pairs = PAYMENT_STATUSES.flatMap((from) => PAYMENT_STATUSES.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s is allowed exactly when listed', (from, to) => {
    const allowed = ALLOWED.some(([f, t]) => f === from && t === to);
    expect(canTransition(from, to)).toBe(allowed);
    if (allowed) expect(transition(from, to)).toBe(to);
    else
      expect(() => transition(from, to)).toThrow(
        expect.objectContaining({ code: 'PAYMENT_ILLEGAL_TRANSITION', status: 409 }),
      );
  });

  it('refunded, released and failed are final; nothing captured can be released', () => {
    expect(PAYMENT_STATUSES.filter(isFinal).sort()).toEqual(['failed', 'refunded', 'released']);
    expect(canTransition('captured', 'released')).toBe(false);
  });

  it('a refund leaves a payment partially refunded until everything captured is returned', () => {
    expect(statusAfterRefund('captured', 500, 200)).toBe('partially_refunded');
    expect(statusAfterRefund('partially_refunded', 500, 400)).toBe('partially_refunded');
    expect(statusAfterRefund('partially_refunded', 500, 500)).toBe('refunded');
    expect(statusAfterRefund('captured', 500, 500)).toBe('refunded');
    expect(() => statusAfterRefund('authorized', 500, 100)).toThrow(
      expect.objectContaining({ code: 'PAYMENT_ILLEGAL_TRANSITION' }),
    );
  });
});
