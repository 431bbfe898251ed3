export { startFakeStripe, type FakeStripe, type FakeStripeOptions } from './server.js';
export type { FakeStripeState, StripeObject } from './api.js';
export { TEST_CARDS } from './cards.js';
