import { eventHandler } from './event.handler.js';
import type { HandlerDeps, Handlers } from './handler.types.js';
import { heartbeatHandler } from './heartbeat.handler.js';
import { helloHandler } from './hello.handler.js';
import { inventoryHandler } from './inventory.handler.js';
import { resultHandler } from './result.handler.js';
import { statusHandler } from './status.handler.js';

export { MessageRejected, type InboundContext, type MessageHandler, type Handlers } from './handler.types.js';

/** One handler per inbound message kind. */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    status: statusHandler(deps),
    hello: helloHandler(deps),
    heartbeat: heartbeatHandler(deps),
    inventory: inventoryHandler(deps),
    event: eventHandler(deps),
    result: resultHandler(deps),
  };
}
