/**
 * Stripe's test payment methods the fake knows, and what each does when a PaymentIntent is confirmed
 * with it. Attaching any of them to a customer succeeds and creates a new `pm_…` (as Stripe does for
 * its `pm_card_*` ids); the outcome shows when money moves, like Stripe's `chargeCustomerFail` cards.
 */
export type CardBehaviour =
  | { kind: 'ok' }
  | { kind: 'decline'; code: string; declineCode: string; message: string }
  | { kind: 'authentication_required' };

export interface TestCard {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  behaviour: CardBehaviour;
}

const card = (last4: string, behaviour: CardBehaviour): TestCard => ({
  brand: 'visa',
  last4,
  expMonth: 12,
  expYear: 2034,
  behaviour,
});

export const TEST_CARDS: Readonly<Record<string, TestCard>> = {
  pm_card_visa: card('4242', { kind: 'ok' }),
  pm_card_chargeDeclined: card('0002', {
    kind: 'decline',
    code: 'card_declined',
    declineCode: 'generic_decline',
    message: 'Your card was declined.',
  }),
  pm_card_chargeDeclinedInsufficientFunds: card('9995', {
    kind: 'decline',
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  }),
  pm_card_chargeDeclinedExpiredCard: card('0069', {
    kind: 'decline',
    code: 'expired_card',
    declineCode: 'expired_card',
    message: 'Your card has expired.',
  }),
  pm_card_authenticationRequired: card('3184', { kind: 'authentication_required' }),
};
