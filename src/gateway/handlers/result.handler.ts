import type { CommandCompletion } from '../../modules/fleet/index.js';
import type { ResultMessage } from '../protocol/index.js';
import { MessageRejected, type HandlerDeps, type MessageHandler } from './handler.types.js';

/** A station's result status → the command's final status and code. */
export function completionOf(message: ResultMessage): CommandCompletion {
  const result = message as unknown as Record<string, unknown>;
  switch (message.status) {
    case 'ok':
      return { status: 'succeeded', result };
    case 'failed':
      return { status: 'failed', code: message.code ?? 'UNKNOWN', result };
    case 'rejected':
      return { status: 'failed', code: 'REJECTED', result };
    case 'expired':
      return { status: 'expired', result };
  }
}

/**
 * `result`: completes the tracked command once, in the unit that holds the result's dedup key (one
 * conditional update when all is well). A late or repeated result (the command already timed out or
 * completed) changes nothing; a result naming another station's command is refused.
 */
export function resultHandler({ fleet, bus, counters, logger }: HandlerDeps): MessageHandler<'result'> {
  return {
    dedup: 'log',
    async apply(message, ctx, unit) {
      const outcome = await fleet.commandRecords.completeFromStation(
        ctx.stationId,
        message.commandId,
        completionOf(message),
        ctx.stationAtMs,
        unit?.db,
      );
      const completed = outcome.completed;
      if (!completed) {
        const command = outcome.command;
        if (!command) {
          throw new MessageRejected('unknown_command', `commandId: no command ${message.commandId}`);
        }
        if (command.stationId !== ctx.stationId) {
          throw new MessageRejected(
            'foreign_command',
            `commandId: ${message.commandId} belongs to another station`,
          );
        }
        logger.info(
          { stationId: ctx.stationId, commandId: command.id, status: command.status, result: message.status },
          'result for a command that already has a final status; ignored',
        );
        return;
      }
      const announce = () => {
        counters.commandsCompleted++;
        bus.emit('fleet.command.completed', {
          commandId: completed.id,
          stationId: completed.stationId,
          type: completed.type,
          status: completed.status as 'succeeded' | 'failed' | 'expired',
          ...(completed.resultCode ? { code: completed.resultCode } : {}),
        });
      };
      // Announced once the completion has committed (with the unit), never for a rolled-back one.
      if (unit) unit.afterCommit(announce);
      else announce();
    },
  };
}
