import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../../../../http/problem.js';
import type { ProviderEvent } from '../../payments.provider.js';
import type { StripeProvider } from './stripe.provider.js';

export interface StripeWebhookRoutesOptions {
  provider: Pick<StripeProvider, 'readWebhook'>;
  /** Applies the event (the payments service); Stripe gets 200 only after it resolved, else it re-sends. */
  onEvent(event: ProviderEvent): Promise<void>;
}

const WebhookHeaders = Type.Object({
  'stripe-signature': Type.Optional(
    Type.String({ description: 'Stripe’s signature of the exact body bytes (t=…,v1=…)' }),
  ),
});

const Received = Type.Object({ received: Type.Literal(true) });

/**
 * Stripe's webhook endpoint, `POST /payments/webhooks/stripe` (register with prefix `/v1`). The
 * signature covers the exact bytes Stripe sent, so this plugin — and only this plugin, thanks to
 * Fastify's encapsulation — reads JSON bodies as a raw Buffer and leaves parsing to the verifier.
 */
export const stripeWebhookRoutes: FastifyPluginAsyncTypebox<StripeWebhookRoutesOptions> = async (
  app,
  opts,
) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/payments/webhooks/stripe',
    {
      schema: {
        tags: ['payments'],
        summary: 'Stripe webhook: verified by its signature, then applied once',
        description:
          'Called by Stripe, not by apps. The body is Stripe’s event JSON; a bad signature or a tampered body gets 400.',
        headers: WebhookHeaders,
        response: { 200: Received, ...problemResponses(400, 413, 415, 503) },
      },
    },
    async (request) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const event = await opts.provider.readWebhook(raw, request.headers['stripe-signature']);
      await opts.onEvent(event);
      return { received: true as const };
    },
  );
};
