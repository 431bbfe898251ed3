import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { onRequestAsyncHookHandler } from 'fastify';
import { problemResponses } from '../../http/problem.js';
import { paymentNotFound } from './payments.errors.js';
import type { PaymentsModule } from './payments.module.js';
import {
  IdempotencyHeaders,
  OpsPaymentView,
  PaymentIdParams,
  RefundBody,
  RefundView,
} from './payments.schemas.js';

export interface PaymentsOpsRoutesOptions {
  payments: PaymentsModule;
  /** Authenticates every ops request (admin bearer token until staff accounts exist). */
  authorize: onRequestAsyncHookHandler;
}

const security = [{ adminToken: [] }];
const authProblems = problemResponses(401, 503);

/** Operations on payments: look one up with its refunds, and refund it (full or partial, idempotent). */
export const paymentsOpsRoutes: FastifyPluginAsyncTypebox<PaymentsOpsRoutesOptions> = async (app, opts) => {
  const { payments } = opts;
  app.addHook('onRequest', opts.authorize);

  app.get(
    '/payments/:paymentId',
    {
      schema: {
        tags: ['ops'],
        security,
        summary: 'A payment in full, with its refunds',
        params: PaymentIdParams,
        response: { 200: OpsPaymentView, ...problemResponses(400, 404), ...authProblems },
      },
    },
    async (request) => {
      const payment = await payments.get(request.params.paymentId);
      if (!payment) throw paymentNotFound(request.params.paymentId);
      return { ...payment, refunds: await payments.refunds.listForPayment(payment.id) };
    },
  );

  app.post(
    '/payments/:paymentId/refunds',
    {
      schema: {
        tags: ['ops'],
        security,
        summary: 'Refund a captured payment, fully or partly; Idempotency-Key required',
        params: PaymentIdParams,
        headers: IdempotencyHeaders,
        body: RefundBody,
        response: { 201: RefundView, ...problemResponses(400, 404, 409), ...authProblems },
      },
    },
    async (request, reply) => {
      const refund = await payments.refunds.refund({
        paymentId: request.params.paymentId,
        amount: request.body.amount,
        reason: request.body.reason,
        idempotencyKey: `ops:${request.headers['idempotency-key']}`,
      });
      return reply.status(201).send(refund);
    },
  );
};
