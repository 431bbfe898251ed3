import { Type, type TSchema } from '@sinclair/typebox';

/** HTTP shapes of the payments routes (TypeBox; the OpenAPI document is generated from them). */

const Id = (prefix: string, description: string) =>
  Type.String({ pattern: `^${prefix}_[0-9A-Za-z]{1,60}$`, description });
const Iso = Type.String({ description: 'ISO-8601 UTC' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const MoneyView = Type.Object(
  {
    amount: Type.Integer({ description: 'Integer minor units (pence, cents; yen for JPY)' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' }),
  },
  { description: 'An amount of money' },
);

export const CardIdParams = Type.Object({ cardId: Id('card', 'A saved card id') });
export const ReceiptIdParams = Type.Object({ receiptId: Id('rcp', 'A receipt id') });
export const PaymentIdParams = Type.Object({ paymentId: Id('pay', 'A payment id') });

export const AddCardBody = Type.Object(
  {
    testCard: Type.Optional(
      Type.String({
        pattern: '^[0-9 ]{12,23}$',
        description: 'Sandbox only: a test card number (see the payments README)',
      }),
    ),
    paymentMethodId: Type.Optional(
      Type.String({
        pattern: '^pm_[A-Za-z0-9_]{1,120}$',
        description: 'Stripe only: the confirmed SetupIntent’s payment method',
      }),
    ),
  },
  { additionalProperties: false, description: 'Exactly one of testCard or paymentMethodId' },
);

export const OptionalIdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 191 })),
});
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 1,
    maxLength: 191,
    description: 'Required: a retry with the same key returns the same refund',
  }),
});

export const CardView = Type.Object({
  id: Type.String(),
  brand: Type.String(),
  last4: Type.String(),
  expMonth: Type.Integer(),
  expYear: Type.Integer(),
  isDefault: Type.Boolean(),
  createdAt: Iso,
});

export const SetupView = Type.Object({
  setupId: Type.String(),
  clientSecret: Type.String({ description: 'Confirm it with the processor’s SDK in the app' }),
});

export const PAYMENT_STATUS_VALUES = [
  'pending',
  'requires_action',
  'authorized',
  'captured',
  'partially_refunded',
  'refunded',
  'released',
  'failed',
] as const;

export const PaymentView = Type.Object({
  id: Type.String(),
  status: Type.Union(PAYMENT_STATUS_VALUES.map((s) => Type.Literal(s))),
  authorized: MoneyView,
  captured: MoneyView,
  refunded: MoneyView,
  reference: Type.String(),
  cardId: Nullable(Type.String()),
  failureCode: Nullable(Type.String()),
  createdAt: Iso,
  updatedAt: Iso,
});

export const RefundView = Type.Object({
  id: Type.String(),
  paymentId: Type.String(),
  amount: MoneyView,
  tax: MoneyView,
  reason: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  createdAt: Iso,
});

export const OpsPaymentView = Type.Intersect([
  PaymentView,
  Type.Object({ riderId: Type.String(), refunds: Type.Array(RefundView) }),
]);

export const RefundBody = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, description: 'Minor units of the payment’s currency' }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);

const BreakdownView = Type.Object({
  currency: Type.String(),
  lines: Type.Array(
    Type.Object({ code: Type.String(), amount: MoneyView, quantity: Type.Optional(Type.Integer()) }),
  ),
  net: MoneyView,
  tax: MoneyView,
  gross: MoneyView,
  capped: Nullable(Type.String()),
  chargedPeriods: Type.Integer(),
  startedDays: Type.Integer(),
});

const Labelled = Type.Object({ label: Type.String(), amount: Type.String() });

export const ReceiptView = Type.Object({
  id: Type.String(),
  paymentId: Type.String(),
  reference: Type.String(),
  currency: Type.String(),
  breakdown: BreakdownView,
  context: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  issuedAt: Iso,
});

export const RenderedReceiptView = Type.Intersect([
  ReceiptView,
  Type.Object({
    rendered: Type.Object({
      locale: Type.String(),
      title: Type.String(),
      lines: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), amount: Type.String() })),
      subtotal: Type.Optional(Labelled),
      tax: Type.Object({ label: Type.String(), amount: Type.String(), included: Type.Boolean() }),
      total: Labelled,
      context: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), value: Type.String() })),
    }),
  }),
]);

export const listOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });
