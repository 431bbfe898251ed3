import { createHash, timingSafeEqual } from 'node:crypto';
import { INBOUND_KINDS, type Topics } from '../protocol/topics.js';

/** Checks a station's secret against the fleet's stored hash (ProvisioningService.verifyStationSecret). */
export type VerifySecret = (stationId: string, secret: string) => Promise<boolean>;

export interface LoginOptions {
  /** How long a successful verification is remembered; a rotated secret keeps working at most this long. */
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
}

const STATION_PUBLISH_KINDS = new Set<string>(INBOUND_KINDS);

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/**
 * Who may connect to the embedded broker: a station authenticates with client id = username = its id
 * and its secret. Successful checks are cached (as a digest, never the secret) so a reconnect storm
 * after a broker restart costs one database read per station, not one per attempt; a failed check is
 * never cached, so a just-provisioned station is accepted at once.
 */
export class StationLogins {
  private readonly verified = new Map<string, { digest: Buffer; untilMs: number }>();
  private readonly cacheTtlMs: number;
  private readonly cacheMaxEntries: number;

  constructor(
    private readonly verifySecret: VerifySecret,
    private readonly nowMs: () => number,
    options: LoginOptions = {},
  ) {
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
    this.cacheMaxEntries = options.cacheMaxEntries ?? 200_000;
  }

  /** True when the credentials are a station's. */
  async authenticate(
    clientId: string,
    username: string | undefined,
    password: Uint8Array | undefined,
  ): Promise<boolean> {
    if (!username || username !== clientId || !password || password.length === 0) return false;
    const secret = Buffer.from(password).toString('utf8');
    const presented = digest(secret);
    const nowMs = this.nowMs();
    const cached = this.verified.get(clientId);
    if (cached && cached.untilMs > nowMs && timingSafeEqual(cached.digest, presented)) return true;
    if (!(await this.verifySecret(clientId, secret))) return false;
    if (this.verified.size >= this.cacheMaxEntries) this.verified.clear();
    this.verified.set(clientId, { digest: presented, untilMs: nowMs + this.cacheTtlMs });
    return true;
  }
}

/**
 * What a connected client may touch on the embedded broker: a station publishes only under its own
 * topics (never `command`) and subscribes only to its own command topic. Pure decisions, made on the
 * broker's thread.
 */
export class StationAcl {
  constructor(
    private readonly topics: Topics,
    private readonly nowMs: () => number,
  ) {}

  /** A station publishes only to `{prefix}/stations/{its id}/{status|hello|heartbeat|inventory|event|result}`. */
  canPublish(clientId: string, topic: string): boolean {
    const parsed = this.topics.parse(topic);
    return parsed !== undefined && parsed.stationId === clientId && STATION_PUBLISH_KINDS.has(parsed.kind);
  }

  /** Only the `status` topic carries retained messages (the presence flag and the last will). */
  mayRetain(topic: string): boolean {
    return this.topics.parse(topic)?.kind === 'status';
  }

  /** A station subscribes to exactly its own command topic: no wildcards, no shared subscriptions. */
  canSubscribe(clientId: string, topicFilter: string): boolean {
    return topicFilter === this.topics.command(clientId);
  }

  /**
   * Whether a queued command may still be delivered. A station with a persistent session would
   * otherwise receive, on reconnect, commands that expired while it was away; firmware has been seen
   * to execute those, so the broker drops them.
   */
  stillDeliverable(topic: string, payload: Uint8Array): boolean {
    const parsed = this.topics.parse(topic);
    if (parsed?.kind !== 'command') return true;
    try {
      const expiresAt = (JSON.parse(Buffer.from(payload).toString('utf8')) as { expiresAt?: unknown })
        .expiresAt;
      const expiresAtMs = typeof expiresAt === 'string' ? Date.parse(expiresAt) : Number.NaN;
      return Number.isFinite(expiresAtMs) && expiresAtMs > this.nowMs();
    } catch {
      return false;
    }
  }
}
