import type { Client } from 'aedes';
import { describe, expect, it } from 'vitest';
import { ReadGate } from './read-gate.js';

/**
 * The gate's decisions, on stand-ins for aedes clients that record whether they may read (the real
 * clients are exercised over MQTT in test/gateway/flow-control.test.ts). `onResume` is what the
 * client reads when let go: aedes reads synchronously inside resume().
 */
class StubClient {
  closed = false;
  paused = false;
  resumes = 0;
  _parsingBatch = 0;
  onResume: () => void = () => undefined;
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
    this.resumes++;
    this.onResume();
  }
}

const stubs = (n: number) => Array.from({ length: n }, () => new StubClient());
const asClient = (s: StubClient) => s as unknown as Client;

describe('ReadGate', () => {
  it('holds a client while any of its messages waits, and reads it again after the last', () => {
    const gate = new ReadGate();
    const [a, b] = stubs(2);
    gate.add(asClient(a!));
    gate.add(asClient(b!));
    gate.hold(asClient(a!));
    gate.hold(asClient(a!));
    expect([a!.paused, b!.paused]).toEqual([true, false]);
    gate.release(asClient(a!));
    expect(a!.paused).toBe(true);
    gate.release(asClient(a!));
    expect(a!.paused).toBe(false);
    // A resume must lead to a read even if aedes lost count of handled packets while paused.
    expect(a!._parsingBatch).toBe(1);
  });

  it('throttles every reading client and lets them back in oldest first while there is room', () => {
    const gate = new ReadGate();
    const clients = stubs(4);
    for (const c of clients) gate.add(asClient(c));
    gate.throttle();
    expect(clients.every((c) => c.paused)).toBe(true);
    expect(gate.isThrottled).toBe(true);

    let room = 2;
    gate.letIn(() => room-- > 0);
    expect(clients.map((c) => c.paused)).toEqual([false, false, true, true]);
    expect(gate.isThrottled).toBe(true);

    gate.letIn(() => true);
    expect(clients.every((c) => !c.paused)).toBe(true);
    expect(gate.isThrottled).toBe(false);
  });

  it('stops letting clients in when one of them throttles again, keeping the rest in order', () => {
    const gate = new ReadGate();
    const clients = stubs(4);
    for (const c of clients) gate.add(asClient(c));
    gate.throttle();
    // The second client's read fills the main thread again.
    clients[1]!.onResume = () => gate.throttle();
    gate.letIn(() => true);
    expect(clients.map((c) => c.paused)).toEqual([true, true, true, true]);
    clients[1]!.onResume = () => undefined;
    gate.letIn(() => true);
    // The two not yet let in go first, then the two that were throttled again.
    expect(clients.map((c) => c.resumes)).toEqual([2, 2, 1, 1]);
    expect(gate.isThrottled).toBe(false);
  });

  it('never lets a held client read, throttled or not, and skips clients that went away', () => {
    const gate = new ReadGate();
    const [held, gone, free] = stubs(3);
    for (const c of [held!, gone!, free!]) gate.add(asClient(c));
    gate.hold(asClient(held!));
    gate.throttle();
    gone!.closed = true;
    gate.letIn(() => true);
    expect([held!.paused, gone!.resumes, free!.paused]).toEqual([true, 0, false]);
    gate.release(asClient(held!));
    expect(held!.paused).toBe(false);
  });

  it('makes a client that connects while throttled wait its turn', () => {
    const gate = new ReadGate();
    const [first, late] = stubs(2);
    gate.add(asClient(first!));
    gate.throttle();
    gate.add(asClient(late!));
    expect(late!.paused).toBe(true);
    gate.letIn(() => true);
    expect([first!.paused, late!.paused]).toEqual([false, false]);
  });
});
