import type { Clock } from '../../kernel/clock.js';
import { toIso } from '../../kernel/clock.js';
import type { Config } from '../../kernel/config.js';
import { AppError, ValidationError } from '../../kernel/errors.js';
import type { EventBus } from '../../kernel/events.js';
import type { Logger } from '../../kernel/logger.js';
import { assertValid } from '../../kernel/validation.js';
import {
  stationNotFound,
  type CommandFilter,
  type FleetEvents,
  type FleetModule,
  type SendCommandInput,
  type StationCommands,
  type TrackedCommand,
} from '../../modules/fleet/index.js';
import type { GatewayCounters } from '../gateway.stats.js';
import { CommandParamSchemas, PROTOCOL_VERSION, type CommandKind } from '../protocol/index.js';
import type { Topics } from '../protocol/topics.js';
import type { Transport } from '../transport/transport.types.js';

/** How long a publish may wait for the broker's acknowledgement before the command is left to its timeout. */
const PUBLISH_ACK_TIMEOUT_MS = 5_000;

const gatewayUnavailable = (stationId: string) =>
  new AppError(
    'GATEWAY_BROKER_UNAVAILABLE',
    'The MQTT broker cannot be reached; the command was not sent',
    503,
    {
      stationId,
    },
  );

export interface StationCommandsDeps {
  fleet: FleetModule;
  transport: Transport;
  topics: Topics;
  bus: EventBus<FleetEvents>;
  clock: Clock;
  config: Config;
  counters: GatewayCounters;
  logger: Logger;
}

/**
 * Commands as tracked records: validated, recorded (pending), published once at QoS 1 (sent), completed
 * by the station's result or by tick()'s sweeps (expired, timed_out). Nothing is ever re-published: an
 * unanswered eject may still have happened, so a retry must be a new command after a `sync`.
 */
export class StationCommandsService implements StationCommands {
  constructor(private readonly deps: StationCommandsDeps) {}

  /** Validates, records (pending), publishes (sent) and returns the command; completion arrives later. */
  async send(input: SendCommandInput): Promise<TrackedCommand> {
    const { fleet, clock, config, transport, topics, counters, logger } = this.deps;
    const type = input.type as CommandKind;
    if (!Object.hasOwn(CommandParamSchemas, type)) {
      throw new ValidationError(`type: must be one of ${Object.keys(CommandParamSchemas).join(', ')}`, {
        errors: [{ field: 'type', message: 'unknown command type' }],
      });
    }
    const nowMs = clock.nowMs();
    const raw = { ...(input.params ?? {}) };
    // The station sets its clock from this, so it is always the platform's time, never the caller's.
    if (type === 'configure') raw.serverTime = toIso(nowMs);
    const params = assertValid(CommandParamSchemas[type], raw, 'params') as Record<string, unknown>;
    const station =
      input.station?.id === input.stationId
        ? input.station
        : await fleet.stations.findStation(input.stationId);
    if (!station) throw stationNotFound(input.stationId);
    if (typeof params.slot === 'number' && params.slot > station.slotCount) {
      throw new ValidationError(`params.slot: station ${station.id} has ${station.slotCount} slots`, {
        errors: [{ field: 'slot', message: `must be <= ${station.slotCount}` }],
      });
    }
    const ttlSeconds = input.ttlSeconds ?? config.COMMAND_TTL_SECONDS;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 86_400) {
      throw new ValidationError('ttlSeconds: must be an integer between 1 and 86400');
    }
    const command = await fleet.commandRecords.create({
      stationId: station.id,
      type,
      params,
      requestedBy: input.requestedBy,
      issuedAtMs: nowMs,
      expiresAtMs: nowMs + ttlSeconds * 1000,
    });
    if (!transport.isConnected()) {
      await this.fail(command, 'GATEWAY_BROKER_UNAVAILABLE');
      throw gatewayUnavailable(station.id);
    }
    const payload = {
      v: PROTOCOL_VERSION,
      commandId: command.id,
      type,
      issuedAt: command.issuedAt,
      expiresAt: command.expiresAt,
      ...params,
    };
    const body = Buffer.from(JSON.stringify(payload));
    try {
      const acked = await withTimeout(
        transport.publish(topics.command(station.id), body, { expirySeconds: ttlSeconds }),
        PUBLISH_ACK_TIMEOUT_MS,
      );
      // Unacknowledged: the client still holds it and delivers on reconnect (within its expiry); the
      // result or the timeout sweep settles it either way.
      if (!acked)
        logger.warn({ stationId: station.id, commandId: command.id }, 'command publish not yet acknowledged');
    } catch (err) {
      counters.publishFailed++;
      logger.error({ err, stationId: station.id, commandId: command.id }, 'command publish failed');
      await this.fail(command, 'PUBLISH_FAILED');
      throw gatewayUnavailable(station.id);
    }
    counters.commandsSent++;
    const sentAtMs = clock.nowMs();
    const alongside = input.alongside;
    await fleet.commandRecords.markSent(
      command.id,
      sentAtMs,
      { stationId: station.id, commandId: command.id, payload, sentAtMs },
      alongside && ((db) => alongside(command.id, db)),
    );
    // As markSent left it (unless a very fast station already answered, which the caller learns from
    // the completion event): no need to read it back.
    return { ...command, status: 'sent', sentAt: toIso(sentAtMs) };
  }

  /** One command by id. */
  get(commandId: string): Promise<TrackedCommand | undefined> {
    return this.deps.fleet.commandRecords.get(commandId);
  }

  /** Commands newest first. */
  list(filter: CommandFilter): Promise<TrackedCommand[]> {
    return this.deps.fleet.commandRecords.list(filter);
  }

  /** Pending commands past expiry → expired; sent commands unanswered for COMMAND_RESULT_TIMEOUT_SECONDS → timed_out. */
  async sweep(nowMs: number): Promise<void> {
    const { fleet, config, counters } = this.deps;
    for (const command of await fleet.commandRecords.expirePendingBefore(nowMs)) {
      counters.commandsExpired++;
      this.completed(command, 'expired');
    }
    const cutoffMs = nowMs - config.COMMAND_RESULT_TIMEOUT_SECONDS * 1000;
    for (const command of await fleet.commandRecords.timeOutSentBefore(cutoffMs)) {
      counters.commandsTimedOut++;
      this.completed(command, 'timed_out');
    }
  }

  private async fail(command: TrackedCommand, code: string): Promise<void> {
    const failed = await this.deps.fleet.commandRecords.complete(
      command.id,
      { status: 'failed', code },
      this.deps.clock.nowMs(),
    );
    if (failed) this.completed(failed, 'failed', code);
  }

  private completed(
    command: TrackedCommand,
    status: FleetEvents['fleet.command.completed']['status'],
    code?: string,
  ) {
    this.deps.bus.emit('fleet.command.completed', {
      commandId: command.id,
      stationId: command.stationId,
      type: command.type,
      status,
      ...(code ? { code } : {}),
    });
  }
}

/** Resolves true when the promise settles in time, false when it does not (the promise keeps running). */
async function withTimeout(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
