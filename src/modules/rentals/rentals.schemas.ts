import { Type, type Static } from '@sinclair/typebox';

const RENTAL_STATUSES = [
  'pending',
  'ejecting',
  'active',
  'ending',
  'ended',
  'cancelled',
  'failed',
  'purchasing',
  'purchased',
] as const;

export const StartRentalBody = Type.Object(
  {
    stationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    stationCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  },
  {
    additionalProperties: false,
    description: 'Exactly one of stationId or stationCode (the code on the QR).',
  },
);
export type StartRentalBody = Static<typeof StartRentalBody>;

export const RentalView = Type.Object(
  {
    id: Type.String(),
    status: Type.Union(RENTAL_STATUSES.map((s) => Type.Literal(s))),
    stationId: Type.String({ description: 'Where the rental started' }),
    powerBankId: Type.Union([Type.String(), Type.Null()]),
    slot: Type.Union([Type.Integer(), Type.Null()]),
    startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    endStationId: Type.Union([Type.String(), Type.Null()]),
    durationSeconds: Type.Union([Type.Integer(), Type.Null()]),
    currency: Type.String({ description: 'ISO 4217; the currency of the country the rental started in' }),
    amount: Type.Union([Type.Integer(), Type.Null()], { description: 'Charged, in minor units' }),
    receiptId: Type.Union([Type.String(), Type.Null()]),
    failureCode: Type.Union([Type.String(), Type.Null()]),
    tariff: Type.Object({ tariffId: Type.String(), version: Type.Integer(), country: Type.String() }),
    message: Type.String({ description: 'What to tell the rider now, in their language' }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { description: 'A rental as its rider sees it' },
);
export type RentalView = Static<typeof RentalView>;

export const RentalIdParams = Type.Object({ rentalId: Type.String({ minLength: 1, maxLength: 64 }) });

export const RentalWaitQuery = Type.Object(
  {
    waitSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 25,
        description: 'While the power bank is being ejected, wait up to this long for the rental to move on',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RentalHistoryQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    before: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Rental id cursor' })),
  },
  { additionalProperties: false },
);

export const CurrentRentalView = Type.Object({ rental: Type.Union([RentalView, Type.Null()]) });
export const RentalListView = Type.Object({ items: Type.Array(RentalView) });
