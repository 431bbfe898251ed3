import type { Kysely } from 'kysely';
import type { TogetherQuery } from '../../kernel/db/index.js';
import type {
  AlertSeverity,
  AlertStatus,
  CommandStatus,
  CommandType,
  MessageDirection,
  MessageOutcome,
  PowerBankLocation,
  PowerBankStatus,
  SlotState,
  StationConnectivity,
} from './fleet.tables.js';

/** Weekday (mon…sun) → list of [open, close] local times "HH:MM"; absent day = closed; null = always open. */
export type OpeningHours = Partial<
  Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>
>;

export interface Site {
  id: string;
  name: string;
  address: string;
  city: string;
  country: string;
  timeZone: string;
  lat: number;
  lng: number;
  openingHours: OpeningHours | null;
}

export interface NewSite {
  id?: string;
  name: string;
  address: string;
  city: string;
  country: string;
  timeZone: string;
  lat: number;
  lng: number;
  openingHours?: OpeningHours | null;
}

export interface Station {
  id: string;
  siteId: string;
  code: string;
  slotCount: number;
  connectivity: StationConnectivity;
  enabled: boolean;
  firmware: string | null;
  hardware: string | null;
  clockOffsetMs: number;
  signal: number | null;
  mains: boolean | null;
  tempC: number | null;
  lastSeenAt: string | null;
  lastInventoryAt: string | null;
  updatedAt: string;
}

export interface NewStation {
  id?: string;
  siteId: string;
  code?: string;
  slotCount: number;
}

export interface Slot {
  slot: number;
  powerBankId: string | null;
  state: SlotState;
  batteryPct: number | null;
  faults: string[];
  stateAt: string;
}

export interface PowerBank {
  id: string;
  capacityMah: number;
  batteryPct: number;
  healthPct: number;
  cycleCount: number;
  location: PowerBankLocation;
  stationId: string | null;
  slot: number | null;
  status: PowerBankStatus;
  locationAt: string;
}

export interface NewPowerBank {
  id: string;
  capacityMah?: number;
  batteryPct?: number;
  healthPct?: number;
  cycleCount?: number;
  status?: PowerBankStatus;
}

/** What provisioning returns exactly once: the secret is never stored or shown again. */
export interface ProvisionedStation {
  station: Station;
  secret: string;
}

/* ---------- tracked commands, alerts, message log (read models shared by the gateway and the ops API) ---------- */

export interface TrackedCommand {
  id: string;
  stationId: string;
  type: CommandType;
  params: Record<string, unknown>;
  status: CommandStatus;
  resultCode: string | null;
  issuedAt: string;
  expiresAt: string;
  sentAt: string | null;
  completedAt: string | null;
  requestedBy: string;
  /** The station's full result payload, once one arrived */
  result?: Record<string, unknown> | null;
}

export interface SendCommandInput {
  stationId: string;
  type: CommandType;
  params?: Record<string, unknown>;
  /** `ops:<who>`, `rental:<id>`, `system` */
  requestedBy: string;
  ttlSeconds?: number;
  /** The station, when the caller has just read it (saves reading it again). */
  station?: Station;
  /**
   * The caller's own writes that record this send, committed with the command's move to `sent`
   * (after the publish): e.g. the rental's eject attempt. Built on the transaction handle given.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the caller's own tables
  alongside?: (commandId: string, db: Kysely<any>) => readonly TogetherQuery[];
}

export interface CommandFilter {
  stationId?: string;
  status?: CommandStatus;
  limit?: number;
}

/** Sending commands to stations as tracked records. Implemented by the gateway, which owns the transport. */
export interface StationCommands {
  /** Validates, records (pending), publishes (sent) and returns the command; completion arrives later. */
  send(input: SendCommandInput): Promise<TrackedCommand>;
  get(commandId: string): Promise<TrackedCommand | undefined>;
  list(filter: CommandFilter): Promise<TrackedCommand[]>;
}

export interface Alert {
  id: string;
  type: string;
  severity: AlertSeverity;
  stationId: string | null;
  powerBankId: string | null;
  message: string;
  details: Record<string, unknown>;
  status: AlertStatus;
  occurrences: number;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export interface AlertFilter {
  status?: AlertStatus;
  stationId?: string;
  type?: string;
  limit?: number;
}

export interface StationMessage {
  id: string;
  stationId: string;
  direction: MessageDirection;
  kind: string;
  messageId: string | null;
  outcome: MessageOutcome;
  error: string | null;
  payload: string;
  stationTs: string | null;
  receivedAt: string;
}
