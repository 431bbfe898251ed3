import type { SimulatedFleet } from '../../src/simulator/index.js';
import type { SimulatedRider } from '../../src/simulator/riders.js';
import type { Progress } from './progress.js';
import { StateTracker } from './tracker.js';
import type { BenchStation } from './world.js';

/** The timings of one complete cycle, ms from just before the POST /v1/rentals was sent. */
export interface CycleTiming {
  /** performance.now() when the POST was sent. */
  startedAtMs: number;
  /** POST → 201 received by the rider. */
  rentMs: number;
  /** POST → the rental `active` (the station confirmed the eject). */
  activeMs: number;
  /** Return pushed in (bank_inserted published) → rental `ended` (priced, captured, receipt). */
  returnMs: number;
  /** POST → rental `ended`; includes the simulated rider's take delay. */
  cycleMs: number;
  endedAtMs: number;
}

export type CycleOutcome =
  | { kind: 'completed'; rentalId: string; timing: CycleTiming }
  | { kind: 'no_capacity' }
  | { kind: 'error'; error: string; rentalId?: string };

const WAIT_MS = 30_000;
const END_STATES = ['ended', 'failed', 'cancelled', 'purchased'] as const;
/** The rental states a cycle waits for: the only ones the platform needs to pass on. */
export const WATCHED_RENTAL_STATES: readonly string[] = ['active', ...END_STATES];

/** What the driver acts with, all in the load process. */
export interface LoadWorld {
  fleet: SimulatedFleet;
  stations: BenchStation[];
  riders: SimulatedRider[];
}

interface StationState extends BenchStation {
  index: number;
  /** A rental is between its POST and its power bank leaving: the station ejects one at a time. */
  busy: boolean;
  /** Free slots promised to a return in flight. */
  reserved: Set<number>;
}

/**
 * Runs rental cycles the way riders and stations would: a rider POSTs /v1/rentals at a station that
 * has a power bank, the simulated station confirms the eject and the rider takes it, then the rider
 * pushes it into a free slot of another station (a real `bank_inserted` over MQTT) and the platform
 * ends, prices and captures the rental. Progress comes from the platform's in-process bus
 * (`rental.status_changed`, `fleet.power_bank.removed`), passed on over IPC with the time it was
 * emitted (`record`), which times each step without adding HTTP requests to the platform.
 *
 * The bench keeps stations and slots apart so that no two cycles collide: a station ejects for one
 * rider at a time, and a slot is promised to one return at a time.
 */
export class CycleDriver {
  private readonly rentals = new StateTracker();
  private readonly banks = new StateTracker();
  private readonly stations: StationState[];
  private readonly idleRiders: SimulatedRider[];
  private rentCursor = 0;
  private returnCursor = 0;
  readonly completedIds: string[] = [];
  readonly errors = new Map<string, number>();

  constructor(private readonly world: LoadWorld) {
    this.stations = world.stations.map((s, index) => ({ ...s, index, busy: false, reserved: new Set() }));
    this.idleRiders = [...world.riders];
  }

  /** Progress seen by the platform; `atMs` is on this process's performance.now() clock. */
  record(progress: Progress, atMs: number): void {
    const [kind, key, state] = progress;
    (kind === 'rental' ? this.rentals : this.banks).record(key, state, atMs);
  }

  /** Riders not in a cycle now. */
  get idle(): number {
    return this.idleRiders.length;
  }

  private pickRentStation(): StationState | undefined {
    const n = this.stations.length;
    for (let i = 0; i < n; i++) {
      const s = this.stations[(this.rentCursor + i) % n]!;
      if (!s.busy && s.slots.some((b) => b !== null)) {
        this.rentCursor = (s.index + 1) % n;
        return s;
      }
    }
    return undefined;
  }

  private pickReturnSlot(notAt: StationState): { station: StationState; slot: number } | undefined {
    const n = this.stations.length;
    for (let i = 0; i < n; i++) {
      const s = this.stations[(this.returnCursor + i) % n]!;
      if (s === notAt && n > 1) continue;
      const free = s.slots.findIndex((b, j) => b === null && !s.reserved.has(j + 1));
      if (free >= 0) {
        this.returnCursor = (s.index + 1) % n;
        s.reserved.add(free + 1);
        return { station: s, slot: free + 1 };
      }
    }
    return undefined;
  }

  private fail(error: string, rentalId?: string): CycleOutcome {
    this.errors.set(error, (this.errors.get(error) ?? 0) + 1);
    return { kind: 'error', error, ...(rentalId ? { rentalId } : {}) };
  }

  /** One cycle for an idle rider at a free station, or `no_capacity` when either is missing. */
  async run(): Promise<CycleOutcome> {
    const rider = this.idleRiders.pop();
    if (!rider) return { kind: 'no_capacity' };
    const station = this.pickRentStation();
    if (!station) {
      this.idleRiders.push(rider);
      return { kind: 'no_capacity' };
    }
    station.busy = true;
    try {
      return await this.cycle(rider, station);
    } finally {
      station.busy = false;
      this.idleRiders.push(rider);
    }
  }

  private async cycle(rider: SimulatedRider, station: StationState): Promise<CycleOutcome> {
    const t0 = performance.now();
    const answer = await rider.rent({ stationId: station.id });
    const rentMs = performance.now() - t0;
    if (!answer.ok) return this.fail(`rent ${answer.problem.status} ${answer.problem.code}`);
    const { id, powerBankId, slot } = answer.rental;
    if (!powerBankId || !slot) return this.fail('rent 201 without a power bank', id);

    const active = await this.rentals.wait(id, ['active', ...END_STATES], WAIT_MS);
    if (active?.state !== 'active') {
      this.rentals.forget(id);
      return this.fail(`rental ${active?.state ?? 'not active within 30 s'}`, id);
    }
    const taken = await this.banks.wait(powerBankId, ['removed', 'retracted'], WAIT_MS);
    this.banks.forget(powerBankId);
    if (taken?.state !== 'removed') {
      this.rentals.forget(id);
      return this.fail(`power bank ${taken?.state ?? 'not taken within 30 s'}`, id);
    }
    station.slots[slot - 1] = null;
    station.busy = false;

    const target = this.pickReturnSlot(station);
    if (!target) return this.fail('no free slot to return to', id);
    const sim = this.world.fleet.get(target.station.id)!;
    const returnedAt = performance.now();
    try {
      await sim.returnBank(target.slot, powerBankId, { batteryPct: 95, healthPct: 95 });
      const ended = await this.rentals.wait(id, END_STATES, WAIT_MS);
      if (ended?.state !== 'ended') return this.fail(`rental ${ended?.state ?? 'not ended within 30 s'}`, id);
      // Rentable again only now: the platform has processed the insertion.
      target.station.slots[target.slot - 1] = powerBankId;
      this.completedIds.push(id);
      return {
        kind: 'completed',
        rentalId: id,
        timing: {
          startedAtMs: t0,
          rentMs,
          activeMs: active.atMs - t0,
          returnMs: ended.atMs - returnedAt,
          cycleMs: ended.atMs - t0,
          endedAtMs: ended.atMs,
        },
      };
    } finally {
      target.station.reserved.delete(target.slot);
      this.rentals.forget(id);
    }
  }
}
