import type { HandlerDeps, MessageHandler } from './handler.types.js';

/**
 * `status` (retained): `{online:true}` on connect, `{online:false}` as the last will the broker publishes
 * when the connection dies. Applying either twice is harmless, so there is no dedup (and no id).
 */
export function statusHandler({ presence }: HandlerDeps): MessageHandler<'status'> {
  return {
    dedup: 'none',
    async apply(message, ctx) {
      if (message.online) await presence.signOfLife(ctx.stationId, ctx.receivedAtMs, true);
      else await presence.wentOffline(ctx.stationId, ctx.receivedAtMs);
    },
  };
}
