import type { TSchema } from '@sinclair/typebox';
import { fieldErrors, compile } from '../kernel/validation.js';
import type { RejectReason } from './gateway.stats.js';
import {
  INBOUND_SCHEMAS,
  PROTOCOL_VERSION,
  StationEvent,
  type InboundKind,
  type InboundMessages,
} from './protocol/index.js';
import { INBOUND_KINDS } from './protocol/topics.js';

export type Decoded =
  | { ok: true; kind: InboundKind; message: InboundMessages[InboundKind] }
  | { ok: false; reason: RejectReason; error: string };

const KINDS = new Set<string>(INBOUND_KINDS);
const utf8 = new TextDecoder('utf-8', { fatal: true });

// Events are a union; checking against the member named by `type` gives errors that name the field
// ("slot: Expected integer") instead of "Expected union value".
const EVENT_SCHEMAS = new Map<string, TSchema>(
  StationEvent.anyOf.map((schema) => [String(schema.properties.type.const), schema]),
);

function schemaFor(kind: InboundKind, value: Record<string, unknown>): TSchema | string {
  if (kind !== 'event') return INBOUND_SCHEMAS[kind];
  const schema = EVENT_SCHEMAS.get(String(value.type));
  return schema ?? `type: unknown event type ${JSON.stringify(value.type)?.slice(0, 40)}`;
}

/**
 * Turns raw bytes from a station topic into a validated message, or says exactly why not: size,
 * UTF-8 JSON, an object, `v`, then the compiled schema of the kind (unknown fields are refused).
 */
export function decodeInbound(kind: string, payload: Buffer, maxBytes: number): Decoded {
  if (payload.length > maxBytes) {
    return {
      ok: false,
      reason: 'oversize',
      error: `payload is ${payload.length} bytes; the limit is ${maxBytes}`,
    };
  }
  if (!KINDS.has(kind)) {
    return {
      ok: false,
      reason: 'unknown_kind',
      error: `unknown message kind ${JSON.stringify(kind.slice(0, 40))}`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(payload));
  } catch (err) {
    const what = err instanceof SyntaxError ? err.message : 'invalid UTF-8';
    return { ok: false, reason: 'not_json', error: `payload is not UTF-8 JSON: ${what}`.slice(0, 200) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not_object', error: 'payload must be a JSON object' };
  }
  const object = value as Record<string, unknown>;
  if (object.v !== PROTOCOL_VERSION) {
    const got = JSON.stringify(object.v)?.slice(0, 40) ?? 'nothing';
    return { ok: false, reason: 'wrong_version', error: `v: must be ${PROTOCOL_VERSION} (got ${got})` };
  }
  const inboundKind = kind as InboundKind;
  const schema = schemaFor(inboundKind, object);
  if (typeof schema === 'string') return { ok: false, reason: 'invalid', error: schema };
  if (!compile(schema).Check(object)) {
    const first = fieldErrors(schema, object, 1)[0];
    const error = first ? `${first.field || '(message)'}: ${first.message}` : 'does not match the schema';
    return { ok: false, reason: 'invalid', error };
  }
  return { ok: true, kind: inboundKind, message: object as unknown as InboundMessages[InboundKind] };
}
