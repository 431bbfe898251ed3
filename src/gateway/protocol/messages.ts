import { Type, type Static } from '@sinclair/typebox';
import './formats.js';

/**
 * Station protocol v1 (../../../docs/station-protocol.md) as schemas. The gateway validates every
 * inbound payload against these; the simulator builds its payloads from the same types. Unknown
 * fields are rejected (`additionalProperties: false`), as the protocol requires.
 */
export const PROTOCOL_VERSION = 1;

const V = Type.Literal(PROTOCOL_VERSION);
const MessageId = Type.String({ minLength: 1, maxLength: 96 });
const Timestamp = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$',
  description: 'ISO-8601 UTC, station clock',
});
const SlotNumber = Type.Integer({ minimum: 1, maximum: 128 });
const BankId = Type.String({ minLength: 1, maxLength: 64 });
const Pct = Type.Integer({ minimum: 0, maximum: 100 });
const strict = { additionalProperties: false } as const;

export const SLOT_STATES = ['empty', 'charging', 'ready', 'fault', 'disabled'] as const;
export const SlotReport = Type.Object(
  {
    slot: SlotNumber,
    powerBankId: Type.Union([BankId, Type.Null()]),
    batteryPct: Pct,
    state: Type.Union(SLOT_STATES.map((s) => Type.Literal(s))),
    faults: Type.Array(Type.String({ maxLength: 32 }), { maxItems: 16 }),
  },
  strict,
);
export type SlotReport = Static<typeof SlotReport>;

export const StatusMessage = Type.Object({ v: V, online: Type.Boolean() }, strict);
export type StatusMessage = Static<typeof StatusMessage>;

export const HelloMessage = Type.Object(
  {
    v: V,
    id: MessageId,
    ts: Timestamp,
    bootId: Type.String({ minLength: 1, maxLength: 64 }),
    firmware: Type.String({ maxLength: 64 }),
    hardware: Type.String({ maxLength: 64 }),
    slotCount: Type.Integer({ minimum: 1, maximum: 128 }),
    slots: Type.Array(SlotReport, { maxItems: 128 }),
  },
  strict,
);
export type HelloMessage = Static<typeof HelloMessage>;

export const HeartbeatMessage = Type.Object(
  {
    v: V,
    id: MessageId,
    ts: Timestamp,
    uptimeS: Type.Integer({ minimum: 0 }),
    signal: Type.Integer({ minimum: 0, maximum: 99 }),
    mains: Type.Boolean(),
    tempC: Type.Number({ minimum: -60, maximum: 150 }),
  },
  strict,
);
export type HeartbeatMessage = Static<typeof HeartbeatMessage>;

export const InventoryMessage = Type.Object(
  { v: V, id: MessageId, ts: Timestamp, slots: Type.Array(SlotReport, { maxItems: 128 }) },
  strict,
);
export type InventoryMessage = Static<typeof InventoryMessage>;

const eventBase = { v: V, id: MessageId, ts: Timestamp };
export const SLOT_FAULT_CODES = ['MOTOR', 'LOCK', 'SENSOR', 'CHARGER', 'OVERHEAT'] as const;

export const BankInsertedEvent = Type.Object(
  {
    ...eventBase,
    type: Type.Literal('bank_inserted'),
    slot: SlotNumber,
    powerBankId: BankId,
    batteryPct: Pct,
    healthPct: Pct,
    tempC: Type.Number({ minimum: -60, maximum: 150 }),
  },
  strict,
);
export const BankRemovedEvent = Type.Object(
  {
    ...eventBase,
    type: Type.Literal('bank_removed'),
    slot: SlotNumber,
    powerBankId: BankId,
    commandId: Type.Optional(Type.String({ maxLength: 64 })),
  },
  strict,
);
export const BankRetractedEvent = Type.Object(
  {
    ...eventBase,
    type: Type.Literal('bank_retracted'),
    slot: SlotNumber,
    powerBankId: BankId,
    commandId: Type.String({ maxLength: 64 }),
  },
  strict,
);
export const SlotFaultEvent = Type.Object(
  {
    ...eventBase,
    type: Type.Literal('slot_fault'),
    slot: SlotNumber,
    code: Type.Union(SLOT_FAULT_CODES.map((c) => Type.Literal(c))),
  },
  strict,
);
export const SlotRecoveredEvent = Type.Object(
  { ...eventBase, type: Type.Literal('slot_recovered'), slot: SlotNumber },
  strict,
);
export const PowerLostEvent = Type.Object({ ...eventBase, type: Type.Literal('power_lost') }, strict);
export const PowerRestoredEvent = Type.Object({ ...eventBase, type: Type.Literal('power_restored') }, strict);

export const StationEvent = Type.Union([
  BankInsertedEvent,
  BankRemovedEvent,
  BankRetractedEvent,
  SlotFaultEvent,
  SlotRecoveredEvent,
  PowerLostEvent,
  PowerRestoredEvent,
]);
export type StationEvent = Static<typeof StationEvent>;
export type StationEventType = StationEvent['type'];

export const RESULT_STATUSES = ['ok', 'failed', 'rejected', 'expired'] as const;
export const RESULT_FAILURE_CODES = [
  'SLOT_EMPTY',
  'BANK_MISMATCH',
  'MOTOR',
  'LOCK',
  'DISABLED',
  'BUSY',
] as const;

export const ResultMessage = Type.Object(
  {
    v: V,
    id: MessageId,
    ts: Timestamp,
    commandId: Type.String({ minLength: 1, maxLength: 64 }),
    status: Type.Union(RESULT_STATUSES.map((s) => Type.Literal(s))),
    code: Type.Optional(Type.String({ maxLength: 32 })),
    slot: Type.Optional(SlotNumber),
    powerBankId: Type.Optional(BankId),
  },
  strict,
);
export type ResultMessage = Static<typeof ResultMessage>;

/** Inbound message kinds = the topic leaf under `{prefix}/stations/{id}/`. */
export const INBOUND_SCHEMAS = {
  status: StatusMessage,
  hello: HelloMessage,
  heartbeat: HeartbeatMessage,
  inventory: InventoryMessage,
  event: StationEvent,
  result: ResultMessage,
} as const;
export type InboundKind = keyof typeof INBOUND_SCHEMAS;
export interface InboundMessages {
  status: StatusMessage;
  hello: HelloMessage;
  heartbeat: HeartbeatMessage;
  inventory: InventoryMessage;
  event: StationEvent;
  result: ResultMessage;
}

/* ---------- platform → station ---------- */

export interface CommandParams {
  eject: { slot: number; powerBankId: string };
  sync: Record<string, never>;
  configure: { heartbeatSeconds?: number; takeTimeoutSeconds?: number; serverTime: string };
  set_slot: { slot: number; enabled: boolean };
  reboot: Record<string, never>;
  firmware: { url: string; sha256: string; version: string };
}
export type CommandKind = keyof CommandParams;

export type CommandPayload<K extends CommandKind = CommandKind> = {
  v: typeof PROTOCOL_VERSION;
  commandId: string;
  type: K;
  issuedAt: string;
  expiresAt: string;
} & CommandParams[K];

export const CommandParamSchemas = {
  eject: Type.Object({ slot: SlotNumber, powerBankId: BankId }, strict),
  sync: Type.Object({}, strict),
  configure: Type.Object(
    {
      heartbeatSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 3600 })),
      takeTimeoutSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 600 })),
      serverTime: Type.Optional(Timestamp),
    },
    strict,
  ),
  set_slot: Type.Object({ slot: SlotNumber, enabled: Type.Boolean() }, strict),
  reboot: Type.Object({}, strict),
  firmware: Type.Object(
    {
      url: Type.String({ format: 'uri', pattern: '^https://', maxLength: 500 }),
      sha256: Type.String({ pattern: '^[a-f0-9]{64}$' }),
      version: Type.String({ minLength: 1, maxLength: 64 }),
    },
    strict,
  ),
} as const;
