import type { DeclineCode } from '../../payments.provider.js';

/** How a sandbox test card behaves when a hold or a charge is made on it. */
export type TestCardBehaviour =
  | 'succeeds'
  | 'declined'
  | 'insufficient_funds'
  | 'authentication_required'
  | 'expired_card'
  | 'hold_expires_at_once';

/**
 * The sandbox's test cards (Stripe's numbers where Stripe has one). Saving any of them succeeds — the
 * processor only learns the card's fate when money is asked of it — so the rider sees each outcome
 * on the first hold or charge. `hold_expires_at_once` authorises, but its hold is already expired when
 * captured (`hold_expired`), so settling must fall back to an off-session charge, which succeeds.
 */
export const SANDBOX_TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  insufficient_funds: '4000000000009995',
  authentication_required: '4000002760003184',
  expired_card: '4000000000000069',
  hold_expires_at_once: '4000000000000127',
} as const satisfies Record<TestCardBehaviour, string>;

const BY_NUMBER = new Map<string, TestCardBehaviour>(
  Object.entries(SANDBOX_TEST_CARDS).map(([behaviour, number]) => [number, behaviour as TestCardBehaviour]),
);

/** The behaviour of a test card number (spaces ignored), or undefined for any other number. */
export function testCardBehaviour(number: string): TestCardBehaviour | undefined {
  return BY_NUMBER.get(number.replace(/\s+/g, ''));
}

/** The decline a money movement on the card meets, or undefined when it goes through. */
export function declineFor(behaviour: TestCardBehaviour): DeclineCode | undefined {
  switch (behaviour) {
    case 'declined':
      return 'card_declined';
    case 'insufficient_funds':
    case 'authentication_required':
    case 'expired_card':
      return behaviour;
    default:
      return undefined;
  }
}
