import { systemClock, type Clock } from '../kernel/clock.js';
import type { InitialSlot } from './station.model.js';
import {
  SimulatedStation,
  type SimulatedStationOptions,
  type SimulatedStationStats,
} from './station.simulator.js';

/** One station of a simulated fleet: who it is, its secret, and what is in its slots at power-on. */
export interface FleetStationSpec {
  stationId: string;
  secret: string;
  slotCount: number;
  slots?: InitialSlot[];
}

/** Behaviour shared by every station of the fleet (per-station randomness is derived from `seed`). */
export type FleetBehaviour = Omit<
  SimulatedStationOptions,
  'stationId' | 'secret' | 'slotCount' | 'slots' | 'tickMs' | 'clock'
>;

export interface SimulatedFleetOptions extends FleetBehaviour {
  clock?: Clock;
  /** Period of the one timer that ticks every station; 0 leaves ticking to the caller. Default 1000. */
  tickMs?: number;
  /** How many stations connect at the same time while starting. */
  connectConcurrency?: number;
}

export interface SimulatedFleetStats extends SimulatedStationStats {
  stations: number;
  connected: number;
}

/** Runs N simulated stations against one broker, on one shared timer. */
export class SimulatedFleet {
  readonly stations: SimulatedStation[];
  private readonly byId = new Map<string, SimulatedStation>();
  private readonly options: SimulatedFleetOptions;
  private timer: NodeJS.Timeout | undefined;

  constructor(specs: FleetStationSpec[], options: SimulatedFleetOptions) {
    this.options = options;
    const clock = options.clock ?? systemClock;
    const { tickMs: _tickMs, connectConcurrency: _concurrency, ...behaviour } = options;
    this.stations = specs.map((spec) => new SimulatedStation({ ...behaviour, ...spec, clock, tickMs: 0 }));
    for (const station of this.stations) this.byId.set(station.id, station);
  }

  /** The simulated station with that id. */
  get(stationId: string): SimulatedStation | undefined {
    return this.byId.get(stationId);
  }

  /** Connects every station (a few at a time) and starts the shared tick timer; rejects if any is refused. */
  async start(): Promise<void> {
    const concurrency = Math.max(1, this.options.connectConcurrency ?? 50);
    let next = 0;
    let failure: unknown;
    const worker = async (): Promise<void> => {
      // After the first refusal no new station starts; the ones already connecting finish, then all stop.
      while (failure === undefined && next < this.stations.length) {
        const station = this.stations[next++]!;
        try {
          await station.start();
        } catch (err) {
          failure ??= err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, this.stations.length) }, worker));
    if (failure !== undefined) {
      await this.stop();
      throw failure;
    }
    const tickMs = this.options.tickMs ?? 1000;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.tick(), tickMs);
      this.timer.unref();
    }
  }

  /** Ticks every station once. */
  tick(): void {
    for (const station of this.stations) station.tick();
  }

  /** Disconnects every station cleanly. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all(this.stations.map((s) => s.stop()));
  }

  stats(): SimulatedFleetStats {
    const total: SimulatedFleetStats = {
      stations: this.stations.length,
      connected: 0,
      published: 0,
      duplicates: 0,
      buffered: 0,
      lateDelivered: 0,
      connects: 0,
      commands: 0,
    };
    for (const station of this.stations) {
      if (station.isConnected) total.connected += 1;
      const s = station.stats();
      total.published += s.published;
      total.duplicates += s.duplicates;
      total.buffered += s.buffered;
      total.lateDelivered += s.lateDelivered;
      total.connects += s.connects;
      total.commands += s.commands;
    }
    return total;
  }
}
