import type { Platform } from '../../src/app/platform.js';

/** A step of a cycle the platform saw: a rental's new status, or a power bank taken or retracted. */
export type Progress = [kind: 'rental' | 'bank', key: string, state: string];

/** Progress with the epoch ms (performance.timeOrigin + now, sub-ms) at which the platform emitted it. */
export type TimedProgress = [...Progress, atEpochMs: number];

/**
 * Platform side: passes the bus events a cycle waits for (`rental.status_changed` to a watched state,
 * `fleet.power_bank.removed` / `retracted`) to the load process. Each is stamped when emitted, and the
 * events of one turn of the event loop go in one IPC message, so the platform pays a few array pushes
 * per event and one small send per turn — far less than answering the riders' long-polls would cost.
 * Returns the function that stops forwarding.
 */
export function forwardProgress(
  bus: Platform['bus'],
  rentalStates: readonly string[],
  send: (batch: TimedProgress[]) => void,
): () => void {
  let batch: TimedProgress[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const events = batch;
    batch = [];
    send(events);
  };
  const push = (kind: Progress[0], key: string, state: string) => {
    batch.push([kind, key, state, performance.timeOrigin + performance.now()]);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  const watched = new Set(rentalStates);
  const offs = [
    bus.on('rental.status_changed', (e) => {
      if (watched.has(e.status)) push('rental', e.rentalId, e.status);
    }),
    bus.on('fleet.power_bank.removed', (e) => push('bank', e.powerBankId, 'removed')),
    bus.on('fleet.power_bank.retracted', (e) => push('bank', e.powerBankId, 'retracted')),
  ];
  return () => {
    for (const off of offs) off();
  };
}
