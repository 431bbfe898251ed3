import type { HandlerDeps, MessageHandler } from './handler.types.js';

/**
 * `event`: a slot or power change. Late events (re-delivered from the station's offline buffer) carry
 * their corrected station time, and the fleet never lets an older fact overwrite a newer one.
 */
export function eventHandler({ fleet }: HandlerDeps): MessageHandler<'event'> {
  return {
    dedup: 'log',
    async apply(message, ctx, unit) {
      await fleet.state.applyEvent(
        ctx.stationId,
        message,
        { stationAtMs: ctx.stationAtMs, receivedAtMs: ctx.receivedAtMs },
        unit,
      );
    },
  };
}
