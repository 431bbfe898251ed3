import { afterAll, beforeAll } from 'vitest';
import { describeProviderConformance } from '../provider.conformance.js';
import { stripeFixture, type StripeFixture } from './stripe.fixture.js';

let fx: StripeFixture;
beforeAll(async () => {
  fx = await stripeFixture();
});
afterAll(() => fx.close());

describeProviderConformance(
  'stripe (official SDK against the local fake Stripe)',
  () => fx.provider,
  {
    success: { kind: 'payment_method', id: 'pm_card_visa' },
    declined: { kind: 'payment_method', id: 'pm_card_chargeDeclined' },
    insufficientFunds: { kind: 'payment_method', id: 'pm_card_chargeDeclinedInsufficientFunds' },
    authenticationRequired: { kind: 'payment_method', id: 'pm_card_authenticationRequired' },
  },
  { expireHold: (authorizationId) => void fx.fake.expireIntent(authorizationId) },
);
