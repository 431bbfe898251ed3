/**
 * Runs tasks one at a time per key, in arrival order, within this process. The rentals flows take the
 * station's lock while they send an eject and record it, and the station's command results take the
 * same lock before they look the eject up, so a fast station can never answer before we know what
 * the command was for.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(task, task);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
