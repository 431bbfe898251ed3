import { Type, type Static, type TUnsafe } from '@sinclair/typebox';
import { SUPPORTED_LOCALES } from '../../kernel/i18n/index.js';
import { SUPPORTED_CURRENCY_CODES } from '../../kernel/money/index.js';
import { E164_PATTERN, EMAIL_PATTERN } from './identity.destination.js';

/** HTTP schemas of the identity routes (and so of the OpenAPI document). */

/** A string enum as one JSON-Schema `enum`, so a bad value gets one error naming the field. */
function stringEnum<T extends string>(values: readonly T[], description: string): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], description });
}

const Phone = Type.String({ pattern: E164_PATTERN, description: 'E.164, e.g. +447700900123' });
const Email = Type.String({ pattern: EMAIL_PATTERN, maxLength: 254 });
const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. GB' });
const Currency = stringEnum(SUPPORTED_CURRENCY_CODES, 'ISO 4217, one the network charges in');
const Locale = stringEnum(SUPPORTED_LOCALES, 'One of the locales the network speaks');

export const CodeRequestBody = Type.Object(
  { phone: Type.Optional(Phone), email: Type.Optional(Email) },
  { additionalProperties: false, description: 'Exactly one of phone or email' },
);

export const CodeAccepted = Type.Object({
  channel: Type.Union([Type.Literal('email'), Type.Literal('sms')]),
  expiresIn: Type.Integer({ description: 'Seconds the code stays valid' }),
});

export const SignInBody = Type.Object(
  {
    phone: Type.Optional(Phone),
    email: Type.Optional(Email),
    code: Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit code that was sent' }),
    country: Type.Optional(Country),
    currency: Type.Optional(Currency),
  },
  {
    additionalProperties: false,
    description: 'Exactly one of phone or email; country and currency apply when this creates the rider',
  },
);

export const RefreshBody = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const RiderView = Type.Object({
  id: Type.String({ description: 'rdr_…' }),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  locale: Type.String(),
  country: Type.String(),
  currency: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const TokenPairView = Type.Object({
  accessToken: Type.String({ description: 'Send as Authorization: Bearer <accessToken>' }),
  refreshToken: Type.String({ description: 'Single use: POST /v1/auth/refresh returns a new one' }),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires' }),
  tokenType: Type.Literal('Bearer'),
});

export const SignInView = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  expiresIn: Type.Integer(),
  tokenType: Type.Literal('Bearer'),
  rider: RiderView,
  created: Type.Boolean({ description: 'True when this sign-in created the account' }),
});

export const ProfilePatchBody = Type.Object(
  { locale: Type.Optional(Locale), country: Type.Optional(Country), currency: Type.Optional(Currency) },
  { additionalProperties: false },
);
export type ProfilePatch = Static<typeof ProfilePatchBody>;

export const RiderExportView = Type.Record(Type.String(), Type.Unknown(), {
  description: "The rider's data, keyed by the module that holds it (`identity` first)",
});
