import { Type, type Static } from '@sinclair/typebox';
import { MAX_TARIFF_AMOUNT, MINUTES_PER_DAY } from './tariff.validate.js';
import { MAX_RENTAL_HOURS } from './pricing.catalog.js';

/** HTTP shapes of the pricing module (quote and ops), also the source of their OpenAPI. */

const Amount = (description: string) =>
  Type.Integer({ minimum: 0, maximum: MAX_TARIFF_AMOUNT, description: `${description} (minor units)` });
const Iso = Type.String({ description: 'ISO-8601 UTC' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });

export const CountryParams = Type.Object({
  country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
});

export const RegionBody = Type.Object(
  {
    currency: Currency,
    taxRateBasisPoints: Type.Integer({ minimum: 0, maximum: 10_000, description: '2000 = 20 %' }),
    taxIncluded: Type.Boolean({ description: 'true: tariff prices include the tax; false: it is added' }),
    maxRentalHours: Type.Integer({ minimum: 1, maximum: MAX_RENTAL_HOURS }),
  },
  { additionalProperties: false },
);
export type RegionBodyInput = Static<typeof RegionBody>;

export const RegionView = Type.Object({
  country: Type.String(),
  currency: Type.String(),
  taxRateBasisPoints: Type.Integer(),
  taxIncluded: Type.Boolean(),
  maxRentalHours: Type.Integer(),
  updatedAt: Iso,
});

const tariffFields = {
  currency: Currency,
  unlockFee: Amount('Charged once per rental'),
  freeMinutes: Type.Integer({ minimum: 0, maximum: MINUTES_PER_DAY }),
  periodMinutes: Type.Integer({ minimum: 1, maximum: MINUTES_PER_DAY }),
  pricePerPeriod: Amount('Per started period after the free minutes'),
  dailyCap: Amount('Most usage costs per started 24 hours'),
  maxCharge: Type.Integer({ minimum: 1, maximum: MAX_TARIFF_AMOUNT, description: 'The power bank price' }),
};

export const TariffBody = Type.Object(
  {
    ...tariffFields,
    effectiveFrom: Type.Optional(
      Type.String({ format: 'date-time', description: 'ISO-8601; defaults to now; not in the past' }),
    ),
  },
  { additionalProperties: false },
);
export type TariffBodyInput = Static<typeof TariffBody>;

export const TariffView = Type.Object({
  id: Type.String({ description: 'trf_…' }),
  country: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  effectiveFrom: Iso,
  ...tariffFields,
  createdAt: Iso,
  createdBy: Type.String(),
});

export const listOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item) });

export const QuoteStationParams = Type.Object({
  stationId: Type.String({ pattern: '^[A-Za-z0-9_:-]{3,64}$', description: 'stn_… or a hardware serial' }),
});
export const QuoteQuery = Type.Object({
  stationCode: Type.String({
    pattern: '^[A-Z0-9]{4,16}$',
    description: 'The code on the station QR sticker',
  }),
});

const Example = Type.Object({
  minutes: Type.Integer({ description: 'A rental of this many minutes' }),
  gross: Type.Integer({ description: 'What it costs the rider, tax included (minor units)' }),
});
const DisplayExample = Type.Object({ minutes: Type.Integer(), gross: Type.String() });

export const QuoteView = Type.Object({
  stationId: Type.String(),
  country: Type.String(),
  currency: Type.String(),
  tariffId: Type.String(),
  version: Type.Integer(),
  unlockFee: Type.Integer(),
  freeMinutes: Type.Integer(),
  periodMinutes: Type.Integer(),
  pricePerPeriod: Type.Integer(),
  dailyCap: Type.Integer(),
  maxCharge: Type.Integer(),
  maxRentalHours: Type.Integer(),
  holdAmount: Type.Integer({ description: 'Held on the card when a rental starts' }),
  taxRateBasisPoints: Type.Integer(),
  taxIncluded: Type.Boolean(),
  examples: Type.Array(Example),
  display: Type.Object(
    {
      locale: Type.String({ description: 'The locale negotiated from Accept-Language' }),
      unlockFee: Type.String(),
      pricePerPeriod: Type.String(),
      dailyCap: Type.String(),
      maxCharge: Type.String(),
      holdAmount: Type.String(),
      taxRate: Type.String(),
      examples: Type.Array(DisplayExample),
      summary: Type.String({ description: 'One line: unlock fee, period price, free minutes, daily cap' }),
      tax: Type.String(),
      purchase: Type.String({ description: 'What happens when the power bank is not returned' }),
      hold: Type.String(),
    },
    { description: 'The same amounts formatted for people in the negotiated locale' },
  ),
});
export type Quote = Static<typeof QuoteView>;
