import type { Logger } from '../kernel/logger.js';
import { Random, RiderHttpError, SimulatedRider, type SimulatedFleet } from '../simulator/index.js';
import type { Platform } from './platform.js';

/**
 * Riders for the demo: each signs up through the public API (the code read from the development
 * outbox), saves the sandbox card, and then, over and over, rents a power bank at a station that has
 * one, keeps it a while, and pushes it into a free slot of a simulated station — so a newcomer sees
 * rentals and money moving. Everything goes through HTTP and MQTT, exactly as a phone and a station would.
 */
export interface RiderSimulationSettings {
  riders: number;
  /** How long a rider keeps a power bank, in real ms: [min, max]. */
  keepMs: [number, number];
  /** How long a rider waits between rentals, in real ms: [min, max]. */
  pauseMs: [number, number];
  seed?: number;
}

export const DEMO_RIDERS: RiderSimulationSettings = {
  riders: 12,
  keepMs: [10_000, 45_000],
  pauseMs: [2_000, 15_000],
};

const LOCALES = ['en-GB', 'fr-FR', 'de-DE', 'es-ES', 'ja-JP', 'en-US'] as const;

export interface RiderSimulation {
  /** Rentals that ended (returned, priced, paid) so far. */
  completed(): number;
  stop(): Promise<void>;
}

/** Starts the demo riders against the platform's HTTP API; returns at once (sign-up runs in the background). */
export function simulateRiders(
  platform: Platform,
  stations: SimulatedFleet,
  baseUrl: string,
  settings: RiderSimulationSettings,
  logger: Logger,
): RiderSimulation {
  const rng = new Random(settings.seed ?? 42);
  let stopped = false;
  let completed = 0;
  const sleeps = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleeps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleeps.add(wake);
    });
  const between = ([min, max]: [number, number]) => rng.int(min, max);
  const readMessage = async (email: string) => (await platform.riders.identity.devOutbox.latest(email))?.body;

  /** A station that has a power bank to rent now, at random. */
  const pickRentable = () => {
    const candidates = platform.fleet.availability.list().filter((s) => s.available && s.counts.rentable > 0);
    return candidates.length > 0 ? candidates[rng.int(0, candidates.length - 1)] : undefined;
  };
  /** A simulated station with a free, working slot, at random. */
  const pickReturnSlot = () => {
    const options = stations.stations.flatMap((sim) =>
      sim.status === 'online'
        ? sim.model
            .slotReports()
            .filter((s) => s.powerBankId === null && s.state === 'empty')
            .map((s) => ({ sim, slot: s.slot }))
        : [],
    );
    return options.length > 0 ? options[rng.int(0, options.length - 1)] : undefined;
  };

  async function ride(index: number): Promise<void> {
    const locale = LOCALES[index % LOCALES.length]!;
    const rider = new SimulatedRider({ baseUrl, email: `demo-rider-${index + 1}@chargenet.test`, locale });
    await rider.signUp(readMessage);
    await rider.addTestCard();
    while (!stopped) {
      await sleep(between(settings.pauseMs));
      if (stopped) break;
      try {
        const station = pickRentable();
        if (!station) continue;
        const answer = await rider.rent({ stationId: station.stationId });
        if (!answer.ok) continue;
        const rental = await rider.waitFor(answer.rental.id, ['active', 'failed', 'cancelled']);
        if (rental.status !== 'active' || !rental.powerBankId) continue;
        await sleep(between(settings.keepMs));
        const target = pickReturnSlot();
        if (!target || stopped) continue;
        await target.sim.returnBank(target.slot, rental.powerBankId);
        const ended = await rider.waitFor(rental.id, ['ended', 'purchased']);
        if (ended.status === 'ended') completed += 1;
      } catch (err) {
        // Access tokens last 15 minutes: sign in again and carry on; anything else is worth a line.
        if (err instanceof RiderHttpError && err.status === 401) await rider.signUp(readMessage);
        else logger.debug({ err, rider: rider.email }, 'demo rider hiccup');
      }
    }
  }

  const loops = Array.from({ length: settings.riders }, (_, i) =>
    ride(i).catch((err: unknown) => logger.warn({ err }, 'a demo rider gave up')),
  );
  return {
    completed: () => completed,
    async stop() {
      stopped = true;
      for (const wake of [...sleeps]) wake();
      await Promise.all(loops);
    },
  };
}
