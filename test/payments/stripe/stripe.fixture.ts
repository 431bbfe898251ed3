import { TestClock } from '../../../src/kernel/clock.js';
import {
  createStripeProvider,
  type StripeProvider,
} from '../../../src/modules/payments/providers/stripe/index.js';
import { startFakeStripe, type FakeStripe } from '../../helpers/fake-stripe/index.js';

export interface StripeFixture {
  fake: FakeStripe;
  provider: StripeProvider;
  clock: TestClock;
  close(): Promise<void>;
}

/** The fake Stripe on loopback and the real adapter (official SDK over HTTP) pointed at it, on one TestClock. */
export async function stripeFixture(): Promise<StripeFixture> {
  const clock = new TestClock('2026-11-23T09:00:00.000Z');
  const fake = await startFakeStripe({ nowMs: () => clock.nowMs() });
  const provider = createStripeProvider({
    secretKey: fake.secretKey,
    webhookSecret: fake.webhookSecret,
    apiHost: fake.host,
    apiPort: fake.port,
    apiProtocol: 'http',
    clock,
  });
  return { fake, provider, clock, close: () => fake.close() };
}
