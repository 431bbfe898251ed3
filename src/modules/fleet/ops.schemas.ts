import { Type } from '@sinclair/typebox';
import { PowerBankId, StationId } from './fleet.schemas.js';
import { SiteView, SlotSummary, STATION_STATUSES, stringEnum } from './availability.schemas.js';

/** Operations API shapes: full detail, power bank ids included (admin only). */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Iso = Type.String({ description: 'ISO-8601 UTC' });
const Json = Type.Record(Type.String(), Type.Unknown());

export const COMMAND_TYPES = ['eject', 'sync', 'configure', 'set_slot', 'reboot', 'firmware'] as const;
export const COMMAND_STATUSES = ['pending', 'sent', 'succeeded', 'failed', 'expired', 'timed_out'] as const;

export const OpsStationParams = Type.Object({ stationId: StationId });
export const CommandIdParams = Type.Object({ commandId: Type.String({ pattern: '^[A-Za-z0-9_:-]{3,64}$' }) });
export const AlertIdParams = Type.Object({ alertId: Type.String({ pattern: '^[A-Za-z0-9_:-]{3,64}$' }) });

export const CommandListQuery = Type.Object({
  station_id: Type.Optional(StationId),
  status: Type.Optional(stringEnum(COMMAND_STATUSES)),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
});

export const AlertListQuery = Type.Object({
  status: Type.Optional(stringEnum(['open', 'resolved'] as const)),
  station_id: Type.Optional(StationId),
  type: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,63}$', description: 'e.g. SLOT_FAULT' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
});

export const MessageListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
});

export const SendCommandBody = Type.Object(
  {
    type: stringEnum(COMMAND_TYPES),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'Per type, see station protocol' }),
    ),
  },
  { additionalProperties: false },
);

export const TrackedCommandView = Type.Object({
  id: Type.String(),
  stationId: Type.String(),
  type: Type.String(),
  params: Json,
  status: stringEnum(COMMAND_STATUSES),
  resultCode: Nullable(Type.String()),
  result: Type.Optional(Nullable(Json)),
  issuedAt: Iso,
  expiresAt: Iso,
  sentAt: Nullable(Iso),
  completedAt: Nullable(Iso),
  requestedBy: Type.String(),
});

export const AlertView = Type.Object({
  id: Type.String(),
  type: Type.String(),
  severity: stringEnum(['info', 'warning', 'critical'] as const),
  stationId: Nullable(Type.String()),
  powerBankId: Nullable(Type.String()),
  message: Type.String(),
  details: Json,
  status: stringEnum(['open', 'resolved'] as const),
  occurrences: Type.Integer(),
  createdAt: Iso,
  updatedAt: Iso,
  resolvedAt: Nullable(Iso),
});

export const StationMessageView = Type.Object({
  id: Type.String(),
  stationId: Type.String(),
  direction: stringEnum(['in', 'out'] as const),
  kind: Type.String(),
  messageId: Nullable(Type.String()),
  outcome: Type.String({ description: 'applied, duplicate, rejected or sent' }),
  error: Nullable(Type.String()),
  payload: Type.String({ description: 'The payload as received or sent (truncated)' }),
  stationTs: Nullable(Iso),
  receivedAt: Iso,
});

export const OpsSlotView = Type.Object({
  slot: Type.Integer(),
  state: Type.String(),
  powerBankId: Nullable(PowerBankId),
  batteryPct: Nullable(Type.Integer()),
  healthPct: Nullable(Type.Integer()),
  powerBankStatus: Nullable(Type.String()),
  faults: Type.Array(Type.String()),
  rentable: Type.Boolean(),
  returnable: Type.Boolean(),
  stateAt: Iso,
});

export const OpsStationView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  status: stringEnum(STATION_STATUSES),
  connectivity: stringEnum(['provisioned', 'online', 'offline'] as const),
  enabled: Type.Boolean(),
  slotCount: Type.Integer(),
  firmware: Nullable(Type.String()),
  hardware: Nullable(Type.String()),
  clockOffsetMs: Type.Integer({ description: 'Station clock minus platform clock' }),
  signal: Nullable(Type.Integer()),
  mains: Nullable(Type.Boolean()),
  tempC: Nullable(Type.Number()),
  lastSeenAt: Nullable(Iso),
  lastInventoryAt: Nullable(Iso),
  updatedAt: Iso,
  site: Type.Composite([Type.Object({ id: Type.String() }), SiteView]),
  counts: SlotSummary,
  slots: Type.Array(OpsSlotView),
});

export const listOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item) });
