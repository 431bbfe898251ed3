import type { HandlerDeps, MessageHandler } from './handler.types.js';

/**
 * `heartbeat`: vitals go to the in-memory presence map only; the gateway's tick writes the latest per
 * station in one batch. Heartbeats are deduplicated in memory because they are never logged.
 */
export function heartbeatHandler({ tracker }: HandlerDeps): MessageHandler<'heartbeat'> {
  const applyNow: NonNullable<MessageHandler<'heartbeat'>['applyNow']> = (message, ctx) =>
    tracker.report(ctx.stationId, {
      clockOffsetMs: ctx.clockOffsetMs,
      signal: message.signal,
      mains: message.mains,
      tempC: message.tempC,
    });
  return {
    dedup: 'memory',
    applyNow,
    async apply(message, ctx) {
      applyNow(message, ctx);
    },
  };
}
