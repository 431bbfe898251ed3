import type { EventBus } from '../../kernel/events.js';
import { rentalNotFound } from './rentals.errors.js';
import type { RentalEvents } from './rentals.events.js';
import type { RentalsRepository } from './rentals.repository.js';
import type { RentalStatus } from './rentals.tables.js';
import type { Rental } from './rentals.types.js';

/** Statuses a rider waits through while the station ejects: a long-poll returns when the rental leaves them. */
const WAITING: readonly RentalStatus[] = ['pending', 'ejecting'];
/** Another process may move the rental (no shared bus yet): re-read at this interval while waiting. */
const REREAD_MS = 1_000;

/** Riders' view of their rentals. Every read is scoped to the rider: another rider's rental is "not found". */
export class RentalsService {
  constructor(
    private readonly repository: RentalsRepository,
    private readonly bus: Pick<EventBus<RentalEvents>, 'on'>,
  ) {}

  /** The rider's rental, or RENTAL_NOT_FOUND (also for another rider's, so ids reveal nothing). */
  async getForRider(riderId: string, rentalId: string): Promise<Rental> {
    const rental = await this.repository.get(rentalId);
    if (!rental || rental.riderId !== riderId) throw rentalNotFound(rentalId);
    return rental;
  }

  /**
   * Like getForRider, but while the rental is still being ejected waits up to `waitMs` for it to move
   * on (active, failed…), so an app can long-poll instead of hammering the API.
   */
  async waitForRider(riderId: string, rentalId: string, waitMs: number): Promise<Rental> {
    const rental = await this.getForRider(riderId, rentalId);
    if (waitMs <= 0 || !WAITING.includes(rental.status)) return rental;
    await new Promise<void>((resolve) => {
      const done = () => {
        off();
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      };
      const off = this.bus.on('rental.status_changed', (e) => {
        if (e.rentalId === rentalId && !WAITING.includes(e.status)) done();
      });
      const timer = setTimeout(done, waitMs);
      const poll = setInterval(() => {
        void this.repository.get(rentalId).then((r) => {
          if (r && !WAITING.includes(r.status)) done();
        });
      }, REREAD_MS);
    });
    return this.getForRider(riderId, rentalId);
  }

  /** The rider's live rental, if any. */
  current(riderId: string): Promise<Rental | undefined> {
    return this.repository.findLiveForRider(riderId);
  }

  /** The rider's rentals, newest first. */
  history(riderId: string, limit: number, before?: string): Promise<Rental[]> {
    return this.repository.listForRider(riderId, limit, before);
  }
}
