import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { negotiateLocale } from '../../kernel/i18n/index.js';
import { problemResponses } from '../../http/problem.js';
import type { RiderPrincipal } from '../identity/identity.contract.js';
import { invalidPaymentInput, receiptNotFound } from './payments.errors.js';
import type { PaymentsModule } from './payments.module.js';
import type { StoredReceipt } from './receipts.repository.js';
import { renderReceipt } from './receipts.render.js';
import {
  AddCardBody,
  CardIdParams,
  CardView,
  OptionalIdempotencyHeaders,
  PaymentView,
  ReceiptIdParams,
  ReceiptView,
  RenderedReceiptView,
  SetupView,
  listOf,
} from './payments.schemas.js';

export interface PaymentsRiderRoutesOptions {
  payments: PaymentsModule;
  /** Authenticates the rider (identity's bearer-token check); runs before every handler here. */
  riderAuth: onRequestAsyncHookHandler;
  /** The authenticated rider of a request that passed riderAuth. */
  riderOf: (request: FastifyRequest) => RiderPrincipal;
}

const security = [{ riderToken: [] }];
const auth = problemResponses(401);

/** The stored receipt without its internal pricing facts (they show up in `rendered`). */
function receiptView(r: StoredReceipt) {
  const { pricing: _pricing, riderId: _riderId, ...view } = r;
  return view;
}

/**
 * The rider's own money: saved cards, payments and receipts. Every lookup is scoped to the rider, so
 * another rider's card, payment or receipt answers 404 — the same as one that does not exist.
 */
export const paymentsRiderRoutes: FastifyPluginAsyncTypebox<PaymentsRiderRoutesOptions> = async (
  app,
  opts,
) => {
  const { payments, riderOf } = opts;
  app.addHook('onRequest', opts.riderAuth);

  app.get(
    '/me/cards',
    {
      schema: {
        tags: ['payments'],
        security,
        summary: 'My saved cards',
        response: { 200: listOf(CardView), ...auth },
      },
    },
    async (request) => ({ items: await payments.cards.list(riderOf(request).riderId) }),
  );

  app.post(
    '/me/cards',
    {
      schema: {
        tags: ['payments'],
        security,
        summary:
          'Save a card: a sandbox test card, or a Stripe payment method confirmed in the app; the first card is the default',
        body: AddCardBody,
        headers: OptionalIdempotencyHeaders,
        response: { 201: CardView, ...problemResponses(400, 409), ...auth },
      },
    },
    async (request, reply) => {
      const { testCard, paymentMethodId } = request.body;
      if ((testCard === undefined) === (paymentMethodId === undefined)) {
        throw invalidPaymentInput('body', 'needs exactly one of testCard or paymentMethodId');
      }
      const card =
        testCard !== undefined
          ? ({ kind: 'test_card', number: testCard } as const)
          : ({ kind: 'payment_method', id: paymentMethodId! } as const);
      const saved = await payments.cards.add(
        riderOf(request).riderId,
        card,
        request.headers['idempotency-key'],
      );
      return reply.status(201).send(saved);
    },
  );

  app.post(
    '/me/cards/setup',
    {
      schema: {
        tags: ['payments'],
        security,
        summary:
          'Start saving a card on the device (Stripe SetupIntent); 409 on the sandbox, which saves in one step',
        headers: OptionalIdempotencyHeaders,
        response: { 200: SetupView, ...problemResponses(409), ...auth },
      },
    },
    async (request) => payments.cards.setup(riderOf(request).riderId, request.headers['idempotency-key']),
  );

  app.delete(
    '/me/cards/:cardId',
    {
      schema: {
        tags: ['payments'],
        security,
        summary: 'Remove one of my cards',
        params: CardIdParams,
        response: { 204: { type: 'null', description: 'Removed' }, ...problemResponses(400, 404), ...auth },
      },
    },
    async (request, reply) => {
      await payments.cards.remove(riderOf(request).riderId, request.params.cardId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/me/cards/:cardId/default',
    {
      schema: {
        tags: ['payments'],
        security,
        summary: 'Make one of my cards the default',
        params: CardIdParams,
        response: { 200: CardView, ...problemResponses(400, 404), ...auth },
      },
    },
    async (request) => payments.cards.setDefault(riderOf(request).riderId, request.params.cardId),
  );

  app.get(
    '/me/payments',
    {
      schema: {
        tags: ['payments'],
        security,
        summary: 'My payments, newest first',
        response: { 200: listOf(PaymentView), ...auth },
      },
    },
    async (request) => ({ items: await payments.listForRider(riderOf(request).riderId) }),
  );

  app.get(
    '/me/receipts',
    {
      schema: {
        tags: ['payments'],
        security,
        summary: 'My receipts, newest first',
        response: { 200: listOf(ReceiptView), ...auth },
      },
    },
    async (request) => ({
      items: (await payments.receipts.listForRider(riderOf(request).riderId)).map(receiptView),
    }),
  );

  app.get(
    '/me/receipts/:receiptId',
    {
      schema: {
        tags: ['payments'],
        security,
        summary: 'One of my receipts, with a `rendered` copy in my language',
        params: ReceiptIdParams,
        response: { 200: RenderedReceiptView, ...problemResponses(400, 404), ...auth },
      },
    },
    async (request, reply) => {
      const rider = riderOf(request);
      const receipt = await payments.receipts.find(rider.riderId, request.params.receiptId);
      if (!receipt) throw receiptNotFound(request.params.receiptId);
      const locale = negotiateLocale(request.headers['accept-language'], rider.locale);
      reply.header('content-language', locale).header('vary', 'Accept-Language');
      return { ...receiptView(receipt), rendered: renderReceipt(receipt, locale) };
    },
  );
};
