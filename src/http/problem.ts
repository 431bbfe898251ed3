import { STATUS_CODES } from 'node:http';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { isAppError } from '../kernel/errors.js';

/**
 * RFC 9457 problem details: the one shape every error response has, and the one place an error
 * becomes a client-facing text. `detail` is produced only by `problemDetail`, so localising it later
 * (Accept-Language) is a change to a single function.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const FieldErrorSchema = Type.Object({
  field: Type.String({ description: 'Where the bad value is, e.g. body/slotCount or querystring/lat' }),
  message: Type.String(),
});

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'urn:chargenet:problem:<code>' }),
    title: Type.String({ description: 'The HTTP status phrase' }),
    status: Type.Integer(),
    detail: Type.String(),
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

/** 5xx texts a client may see; any other 5xx gets the generic one, so internal messages never leave. */
const SAFE_SERVER_DETAILS: Record<string, string> = {
  OPS_DISABLED: 'The operations API is disabled: no ADMIN_TOKEN is configured',
  COMMANDS_UNAVAILABLE: 'This process cannot send station commands: no gateway runs here',
};
const GENERIC_SERVER_DETAIL = 'An unexpected error occurred; quote the request id when reporting it';

/** The client-facing text of a problem: the single hook for localisation. */
export function problemDetail(code: string, status: number, message: string): string {
  if (status < 500) return message;
  return SAFE_SERVER_DETAILS[code] ?? GENERIC_SERVER_DETAIL;
}

/** Builds a problem body; `message` is the developer text that problemDetail may pass through. */
export function problem(
  status: number,
  code: string,
  message: string,
  instance: string,
  errors?: FieldProblem[],
): Problem {
  return {
    type: `urn:chargenet:problem:${code}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: problemDetail(code, status, message),
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
export function toProblem(err: unknown, instance: string): Problem {
  if (isAppError(err)) {
    return problem(err.status, err.code, err.message, instance, appErrorFields(err.details));
  }
  const e = (err ?? {}) as FrameworkError;
  if (Array.isArray(e.validation)) {
    const errors = validationErrors(e.validationContext ?? 'request', e.validation);
    const message = errors.map((f) => `${f.field} ${f.message}`).join('; ');
    return problem(400, 'VALIDATION_FAILED', message, instance, errors);
  }
  const known = e.code ? FRAMEWORK_CODES[e.code] : undefined;
  if (known) return problem(known.status, known.code, describe(known.code, e.message), instance);
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    return problem(status, STATUS_FALLBACK_CODES[status] ?? 'BAD_REQUEST', e.message, instance);
  }
  return problem(status >= 500 && status < 600 ? status : 500, 'INTERNAL_ERROR', '', instance);
}

function describe(code: string, fallback: string): string {
  switch (code) {
    case 'MALFORMED_JSON':
      return 'The request body is not valid JSON';
    case 'PAYLOAD_TOO_LARGE':
      return 'The request body is larger than this API accepts';
    default:
      return fallback;
  }
}
