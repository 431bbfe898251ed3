import type { HandlerDeps, MessageHandler } from './handler.types.js';

/** `hello` after every connect: firmware, hardware, boot id and the learnt clock offset, then its slots as an inventory. */
export function helloHandler({ fleet }: HandlerDeps): MessageHandler<'hello'> {
  return {
    dedup: 'log',
    async apply(message, ctx, unit) {
      await fleet.state.applyHello(
        ctx.stationId,
        message,
        {
          stationAtMs: ctx.stationAtMs,
          receivedAtMs: ctx.receivedAtMs,
          clockOffsetMs: ctx.clockOffsetMs,
        },
        unit,
      );
    },
  };
}
