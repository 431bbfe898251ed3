import type { HandlerDeps, MessageHandler } from './handler.types.js';

/** `inventory`: the station's word on which slot holds which power bank; the fleet reconciles and alerts on drift. */
export function inventoryHandler({ fleet }: HandlerDeps): MessageHandler<'inventory'> {
  return {
    dedup: 'log',
    async apply(message, ctx, unit) {
      await fleet.state.applyInventory(
        ctx.stationId,
        message.slots,
        { stationAtMs: ctx.stationAtMs, receivedAtMs: ctx.receivedAtMs },
        unit,
      );
    },
  };
}
