import { identityMessages } from './areas/identity.js';
import { pricingMessages } from './areas/pricing.js';
import { paymentsMessages } from './areas/payments.js';
import { rentalsMessages } from './areas/rentals.js';
/**
 * The source catalogue: every message key exists here first, in ICU MessageFormat. Other locales
 * must have exactly these keys with the same arguments (checked by i18n.test.ts and by the type).
 *
 * Problem keys: `problem.title.<status>` is the status phrase; `problem.<CODE>.detail[.<variant>]`
 * is a template filled from the error's details; `problem.<CODE>.generic` stands in for a free-form
 * developer message in locales other than English.
 */
export const enGB = {
  'problem.title.400': 'Bad Request',
  'problem.title.401': 'Unauthorized',
  'problem.title.404': 'Not Found',
  'problem.title.405': 'Method Not Allowed',
  'problem.title.406': 'Not Acceptable',
  'problem.title.409': 'Conflict',
  'problem.title.413': 'Payload Too Large',
  'problem.title.415': 'Unsupported Media Type',
  'problem.title.422': 'Unprocessable Entity',
  'problem.title.429': 'Too Many Requests',
  'problem.title.500': 'Internal Server Error',
  'problem.title.503': 'Service Unavailable',

  'problem.FLEET_STATION_NOT_FOUND.detail': 'Station {stationId} does not exist',
  'problem.FLEET_STATION_NOT_FOUND.detail.byCode': 'No station has code {code}',
  'problem.FLEET_SITE_NOT_FOUND.detail': 'Site {siteId} does not exist',
  'problem.FLEET_POWER_BANK_NOT_FOUND.detail': 'Power bank {powerBankId} does not exist',
  'problem.FLEET_STATION_CODE_TAKEN.detail': 'Station code {code} is already in use',
  'problem.FLEET_POWER_BANK_EXISTS.detail': 'Power bank {powerBankId} is already registered',
  'problem.FLEET_STATION_EXISTS.detail': 'Station {stationId} is already provisioned',
  'problem.FLEET_EJECT_IN_PROGRESS.detail':
    'Station {stationId} already has an eject in flight; wait for its result',
  'problem.FLEET_COMMAND_NOT_FOUND.detail': 'Command {commandId} does not exist',
  'problem.FLEET_ALERT_NOT_FOUND.detail': 'Alert {alertId} does not exist',
  'problem.FLEET_INVALID_INPUT.generic': 'The fleet data in the request is not valid',
  'problem.MONEY_CURRENCY_MISMATCH.detail': 'Cannot combine {left} with {right}',
  'problem.MONEY_INVALID.generic': 'The amount or currency is not valid',
  'problem.PRICING_INVALID_TARIFF.generic': 'The tariff is not valid',
  'problem.PRICING_INVALID_TAX_RULE.generic': 'The tax rule is not valid',
  'problem.PRICING_INVALID_DURATION.generic': 'The rental duration is not valid',
  'problem.AUTH_REQUIRED.detail': 'This endpoint needs Authorization: Bearer <admin token>',
  'problem.AUTH_INVALID.detail': 'The admin token is not valid',
  'problem.VALIDATION_FAILED.generic': 'The request contains invalid values; see errors for each field',
  'problem.MALFORMED_JSON.detail': 'The request body is not valid JSON',
  'problem.PAYLOAD_TOO_LARGE.detail': 'The request body is larger than this API accepts',
  'problem.NOT_FOUND.detail': 'No route matches {method} {path}',
  'problem.NOT_FOUND.generic': 'The requested resource does not exist',
  'problem.BAD_REQUEST.generic': 'The request cannot be processed as sent',
  'problem.METHOD_NOT_ALLOWED.generic': 'This method is not allowed on this resource',
  'problem.NOT_ACCEPTABLE.generic': 'No representation matches the Accept header',
  'problem.UNSUPPORTED_MEDIA_TYPE.generic': 'The content type of the request is not supported',
  'problem.TOO_MANY_REQUESTS.generic': 'Too many requests; try again later',
  'problem.OPS_DISABLED.detail': 'The operations API is disabled: no ADMIN_TOKEN is configured',
  'problem.COMMANDS_UNAVAILABLE.detail': 'This process cannot send station commands: no gateway runs here',
  'problem.INTERNAL_ERROR.detail': 'An unexpected error occurred; quote the request id when reporting it',
  'problem.IDEMPOTENCY_KEY_INVALID.detail':
    'The {header} header must be 1 to {maxLength} printable ASCII characters',
  'problem.IDEMPOTENCY_KEY_REQUIRED.detail': 'This endpoint needs an {header} header',
  'problem.IDEMPOTENCY_KEY_REUSED.detail':
    'This {header} was already used for a different request; send a new key',
  'problem.IDEMPOTENCY_KEY_IN_USE.detail':
    'A request with this {header} is still being processed; retry shortly',
  ...identityMessages['en-GB'],
  ...pricingMessages['en-GB'],
  ...paymentsMessages['en-GB'],
  ...rentalsMessages['en-GB'],
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof enGB;

/** A locale's catalogue: exactly the keys of the source catalogue. */
export type Catalogue = Readonly<Record<MessageKey, string>>;
