import type { Logger } from './logger.js';

/**
 * A typed in-process event bus. Handlers run after the emitter's work has committed; a failing
 * handler is logged and never breaks the emitter or the other handlers.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- event maps are interfaces, which lack index signatures
export class EventBus<Events extends { [K in keyof Events]: any }> {
  // Keyed by PropertyKey, not keyof Events, so a bus of more events is usable where one of fewer is expected.
  private readonly handlers = new Map<PropertyKey, Set<(payload: never) => void | Promise<void>>>();

  constructor(private readonly logger?: Logger) {}

  /** Subscribes to one event type; returns the function that unsubscribes. */
  on<K extends keyof Events>(type: K, handler: (payload: Events[K]) => void | Promise<void>): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler as (payload: never) => void);
    return () => set.delete(handler as (payload: never) => void);
  }

  emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    const set = this.handlers.get(type);
    if (!set) return;
    for (const handler of set) {
      try {
        const result = (handler as (p: Events[K]) => void | Promise<void>)(payload);
        if (result instanceof Promise) {
          result.catch((err: unknown) => this.logger?.error({ err, event: type }, 'event handler failed'));
        }
      } catch (err) {
        this.logger?.error({ err, event: type }, 'event handler failed');
      }
    }
  }
}
