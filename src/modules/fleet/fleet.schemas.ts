import { Type, type Static } from '@sinclair/typebox';

/** Input and output schemas of the fleet module, shared by HTTP routes (and OpenAPI), the CLI and CSV import. */

export const StationId = Type.String({
  pattern: '^[A-Za-z0-9_:-]{3,64}$',
  description: 'stn_… or a registered hardware serial',
});
export const PowerBankId = Type.String({
  pattern: '^[A-Za-z0-9_:-]{3,64}$',
  description: 'pb_… or a hardware serial',
});
const LocalTime = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$' });
const Day = Type.Array(Type.Tuple([LocalTime, LocalTime]), { maxItems: 4 });

export const OpeningHoursSchema = Type.Object(
  {
    mon: Type.Optional(Day),
    tue: Type.Optional(Day),
    wed: Type.Optional(Day),
    thu: Type.Optional(Day),
    fri: Type.Optional(Day),
    sat: Type.Optional(Day),
    sun: Type.Optional(Day),
  },
  { additionalProperties: false },
);

export const NewSiteSchema = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: '^sit_[0-9A-Z]{26}$' })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    address: Type.String({ minLength: 1, maxLength: 400 }),
    city: Type.String({ minLength: 1, maxLength: 120 }),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/London' }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    openingHours: Type.Optional(Type.Union([OpeningHoursSchema, Type.Null()])),
  },
  { additionalProperties: false },
);
export type NewSiteInput = Static<typeof NewSiteSchema>;

export const NewStationSchema = Type.Object(
  {
    id: Type.Optional(StationId),
    siteId: Type.String({ minLength: 1, maxLength: 64 }),
    code: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{4,16}$', description: 'QR sticker code' })),
    slotCount: Type.Integer({ minimum: 1, maximum: 128 }),
  },
  { additionalProperties: false },
);
export type NewStationInput = Static<typeof NewStationSchema>;

export const NewPowerBankSchema = Type.Object(
  {
    id: PowerBankId,
    capacityMah: Type.Optional(Type.Integer({ minimum: 500, maximum: 50000 })),
    batteryPct: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    healthPct: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    cycleCount: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type NewPowerBankInput = Static<typeof NewPowerBankSchema>;
