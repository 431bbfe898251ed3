/** Why an inbound message was refused; stable strings, shown in stats() and in the message log. */
export const REJECT_REASONS = [
  'oversize',
  'not_json',
  'not_object',
  'wrong_version',
  'invalid',
  'unknown_kind',
  'unknown_station',
  'unknown_command',
  'foreign_command',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface GatewayStats {
  transport: 'embedded' | 'external';
  /** Whether the transport can publish right now (the embedded broker always can). */
  brokerConnected: boolean;
  /** Clients connected to the embedded broker; undefined on an external broker, which we cannot see. */
  brokerClients?: number;
  /** Stations this process has heard from recently and believes online. */
  stationsOnline: number;
  /** Connected station clients on the embedded broker; stationsOnline with an external broker. */
  connectedStations: number;
  /** Inbound messages fully handled (applied + duplicate + rejected + failed). */
  processed: number;
  messages: {
    received: number;
    applied: number;
    duplicate: number;
    rejected: number;
    rejectedByReason: Record<RejectReason, number>;
    /** Valid messages whose processing threw (e.g. the database was down); the station's re-delivery may retry. */
    failed: number;
    /** Messages waiting in the per-station queues. */
    queued: number;
  };
  broker: {
    authFailures: number;
    aclDenied: number;
    /** Time the embedded broker's thread spent working and idle since it started (absent on an external broker). */
    thread?: { activeMs: number; idleMs: number };
  };
  presence: { flushes: number; stationsFlushed: number; markedOffline: number };
  commands: { sent: number; publishFailed: number; completed: number; expired: number; timedOut: number };
}

/** Mutable counters behind stats(); a snapshot is copied out so callers never hold live numbers. */
export class GatewayCounters {
  received = 0;
  applied = 0;
  duplicate = 0;
  failed = 0;
  readonly rejectedByReason = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<
    RejectReason,
    number
  >;
  authFailures = 0;
  aclDenied = 0;
  presenceFlushes = 0;
  stationsFlushed = 0;
  markedOffline = 0;
  commandsSent = 0;
  publishFailed = 0;
  commandsCompleted = 0;
  commandsExpired = 0;
  commandsTimedOut = 0;

  /** Total of every rejection reason. */
  rejected(): number {
    let total = 0;
    for (const reason of REJECT_REASONS) total += this.rejectedByReason[reason];
    return total;
  }
}
