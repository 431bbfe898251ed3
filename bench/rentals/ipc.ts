/**
 * Calls and notes between the platform process (run.ts) and the load process (load.ts) over the
 * `child_process.fork` IPC channel. A call gets one reply (a value or an error message); a note gets
 * none. Both sides register handlers by type, so either side can call the other.
 */
/** One side of the IPC channel: `child.send` / `child.on('message')`, or the same on `process`. */
export interface Endpoint {
  send(message: object): void;
  onMessage(listener: (message: unknown) => void): void;
}

type Wire =
  | { kind: 'call'; id: number; type: string; payload: unknown }
  | { kind: 'note'; type: string; payload: unknown }
  | { kind: 'reply'; id: number; value?: unknown; error?: string };

type Handler = (payload: never) => unknown;

export class Channel {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly handlers = new Map<string, Handler>();
  private closedBy: Error | undefined;

  constructor(private readonly endpoint: Endpoint) {
    endpoint.onMessage((message) => this.receive(message as Wire));
  }

  /** Answers calls and notes of `type`; a call's reply is what `fn` returns (awaited). */
  handle<P>(type: string, fn: (payload: P) => unknown): void {
    this.handlers.set(type, fn as Handler);
  }

  call<T>(type: string, payload?: unknown): Promise<T> {
    if (this.closedBy) return Promise.reject(this.closedBy);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ kind: 'call', id, type, payload });
    });
  }

  note(type: string, payload?: unknown): void {
    this.send({ kind: 'note', type, payload });
  }

  /** The other side is gone: every call still waiting fails with `reason`, and so will new ones. */
  close(reason: Error): void {
    this.closedBy ??= reason;
    for (const { reject } of this.pending.values()) reject(reason);
    this.pending.clear();
  }

  private send(message: Wire): void {
    if (this.closedBy) return; // a note or reply to a process that is gone: nobody to tell
    this.endpoint.send(message);
  }

  private receive(message: Wire): void {
    if (message.kind === 'reply') {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.value);
      return;
    }
    const handler = this.handlers.get(message.type);
    if (message.kind === 'note') {
      handler?.(message.payload as never);
      return;
    }
    const { id } = message;
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no handler for ${message.type}`);
        return handler(message.payload as never);
      })
      .then(
        (value) => this.send({ kind: 'reply', id, value }),
        (err: unknown) =>
          this.send({
            kind: 'reply',
            id,
            error: err instanceof Error ? (err.stack ?? err.message) : String(err),
          }),
      );
  }
}
