/**
 * The `stripe` payment provider: the adapter on the official SDK and its webhook endpoint.
 * The payments module's composition picks it when PAYMENT_PROVIDER=stripe.
 */
export { createStripeProvider, type StripeProvider, type StripeProviderOptions } from './stripe.provider.js';
export { stripeWebhookRoutes, type StripeWebhookRoutesOptions } from './stripe.routes.js';
export { stripeApiAddress } from './stripe.address.js';
