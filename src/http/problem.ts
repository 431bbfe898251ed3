import { STATUS_CODES } from 'node:http';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { isAppError } from '../kernel/errors.js';
import {
  CATALOGUES,
  DEFAULT_LOCALE,
  SOURCE_LANGUAGE,
  isMessageKey,
  languageOf,
  messageArguments,
  t,
  type Locale,
  type MessageKey,
  type MessageValues,
} from '../kernel/i18n/index.js';

/**
 * RFC 9457 problem details: the one shape every error response has, and the one place an error
 * becomes a client-facing text. `title` and `detail` come from the kernel i18n catalogues in the
 * negotiated locale (see src/kernel/i18n/README.md); the default locale reproduces the English texts.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const FieldErrorSchema = Type.Object({
  field: Type.String({ description: 'Where the bad value is, e.g. body/slotCount or querystring/lat' }),
  message: Type.String(),
});

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'urn:chargenet:problem:<code>' }),
    title: Type.String({ description: 'The HTTP status phrase, in the language of Content-Language' }),
    status: Type.Integer(),
    detail: Type.String({ description: 'What went wrong, in the language of Content-Language' }),
    code: Type.String({ description: 'Stable machine-readable code, e.g. FLEET_STATION_NOT_FOUND' }),
    instance: Type.String({ description: 'The request path' }),
    errors: Type.Optional(Type.Array(FieldErrorSchema)),
  },
  { description: 'RFC 9457 problem details (application/problem+json)' },
);
export type Problem = Static<typeof ProblemSchema>;
export type FieldProblem = Static<typeof FieldErrorSchema>;

/** Response schemas for the given error statuses, to spread into a route's `response`. */
export function problemResponses<S extends number>(...statuses: S[]): Record<S, TSchema> {
  const out = {} as Record<S, TSchema>;
  for (const s of statuses) out[s] = ProblemSchema;
  return out;
}

/** 5xx codes whose own text a client may see; any other 5xx gets the generic one, so internal messages never leave. */
const SAFE_SERVER_CODES = new Set([
  'OPS_DISABLED',
  'COMMANDS_UNAVAILABLE',
  'PAYMENT_PROVIDER_UNAVAILABLE',
  'PAYMENT_PROVIDER_ERROR',
  'GATEWAY_BROKER_UNAVAILABLE',
]);

/** The detail templates of a code in catalogue order: `problem.<CODE>.detail`, then its variants. */
const templatesByCode = new Map<string, MessageKey[]>();
for (const key of Object.keys(CATALOGUES[DEFAULT_LOCALE]) as MessageKey[]) {
  const m = /^problem\.([A-Z0-9_]+)\.detail(\..+)?$/.exec(key);
  if (!m?.[1]) continue;
  templatesByCode.set(m[1], [...(templatesByCode.get(m[1]) ?? []), key]);
}

/** The first template of the code whose arguments the error's details all supply. */
function templateFor(code: string, values: MessageValues): MessageKey | undefined {
  return templatesByCode
    .get(code)
    ?.find((key) => [...messageArguments(DEFAULT_LOCALE, key)].every((a) => values[a] !== undefined));
}

/** The primitive entries of an error's details: the values ICU templates may use. */
function templateValues(details: Record<string, unknown> | undefined): MessageValues {
  const out: MessageValues = {};
  for (const [k, v] of Object.entries(details ?? {})) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** The status phrase in the locale (English for a status the catalogues do not name). */
export function problemTitle(status: number, locale: Locale = DEFAULT_LOCALE): string {
  const key = `problem.title.${status}`;
  return isMessageKey(key) ? t(locale, key) : (STATUS_CODES[status] ?? 'Error');
}

/**
 * The client-facing text of a problem: the code's template filled from `values`; else, for a
 * free-form message (written in English by the thrower), the message itself in English locales and
 * the code's generic text in others. 5xx never show their message.
 */
export function problemDetail(
  code: string,
  status: number,
  message: string,
  locale: Locale = DEFAULT_LOCALE,
  values: MessageValues = {},
): string {
  if (status >= 500) {
    const generic = `problem.${code}.generic`;
    const safe = SAFE_SERVER_CODES.has(code)
      ? (templateFor(code, values) ?? (isMessageKey(generic) ? generic : undefined))
      : undefined;
    return t(locale, safe ?? 'problem.INTERNAL_ERROR.detail', values);
  }
  const template = templateFor(code, values);
  if (template) return t(locale, template, values);
  if (languageOf(locale) === SOURCE_LANGUAGE) return message;
  const generic = `problem.${code}.generic`;
  return isMessageKey(generic) ? t(locale, generic) : message;
}

/** Where a problem is said: the locale and the values its detail template may use. */
export interface ProblemContext {
  locale?: Locale;
  values?: MessageValues;
}

/** Builds a problem body; `message` is the developer text that problemDetail may pass through. */
export function problem(
  status: number,
  code: string,
  message: string,
  instance: string,
  errors?: FieldProblem[],
  context: ProblemContext = {},
): Problem {
  const locale = context.locale ?? DEFAULT_LOCALE;
  return {
    type: `urn:chargenet:problem:${code}`,
    title: problemTitle(status, locale),
    status,
    detail: problemDetail(code, status, message, locale, context.values),
    code,
    instance,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

interface FrameworkError {
  code?: string;
  statusCode?: number;
  message: string;
  validation?: AjvError[];
  validationContext?: string;
}

/** Ajv errors as field problems: `body/slotCount must be >= 1`, `querystring/lat is required`. */
function validationErrors(context: string, errors: AjvError[]): FieldProblem[] {
  return errors.map((e) => {
    let field = `${context}${e.instancePath}`;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required' && typeof e.params.missingProperty === 'string') {
      field = `${field}/${e.params.missingProperty}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string') {
      field = `${field}/${e.params.additionalProperty}`;
      message = 'is not allowed';
    }
    return { field, message };
  });
}

function appErrorFields(details: Record<string, unknown> | undefined): FieldProblem[] | undefined {
  const errors = details?.errors;
  if (!Array.isArray(errors)) return undefined;
  return errors
    .filter((e): e is FieldProblem => typeof e?.field === 'string' && typeof e?.message === 'string')
    .map((e) => ({ field: e.field, message: e.message }));
}

const FRAMEWORK_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
};

const STATUS_FALLBACK_CODES: Record<number, string> = {
  401: 'AUTH_REQUIRED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** Maps anything thrown while handling a request to a problem. */
export function toProblem(err: unknown, instance: string, locale: Locale = DEFAULT_LOCALE): Problem {
  if (isAppError(err)) {
    return problem(err.status, err.code, err.message, instance, appErrorFields(err.details), {
      locale,
      values: templateValues(err.details),
    });
  }
  const e = (err ?? {}) as FrameworkError;
  if (Array.isArray(e.validation)) {
    const errors = validationErrors(e.validationContext ?? 'request', e.validation);
    const message = errors.map((f) => `${f.field} ${f.message}`).join('; ');
    return problem(400, 'VALIDATION_FAILED', message, instance, errors, { locale });
  }
  const known = e.code ? FRAMEWORK_CODES[e.code] : undefined;
  if (known) {
    return problem(known.status, known.code, e.message, instance, undefined, { locale });
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = STATUS_FALLBACK_CODES[status] ?? 'BAD_REQUEST';
    return problem(status, code, e.message, instance, undefined, { locale });
  }
  return problem(status >= 500 && status < 600 ? status : 500, 'INTERNAL_ERROR', '', instance, undefined, {
    locale,
  });
}
