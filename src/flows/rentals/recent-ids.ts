/**
 * A bounded set of recent ids (oldest forgotten first). The eject outcome handler remembers the
 * commands whose attempt it settled as succeeded, so the station's `bank_removed` that follows a
 * confirmed eject needs no read to learn there is nothing left to do. Forgetting (or a restart, or
 * another process handling the event) only costs that read again.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly max = 10_000) {}

  add(id: string): void {
    if (this.ids.size >= this.max) this.ids.delete(this.ids.values().next().value!);
    this.ids.add(id);
  }

  /** True (and forgets it) when the id was remembered. */
  take(id: string): boolean {
    return this.ids.delete(id);
  }
}
