import type { SimulatedStationPlan } from '../modules/fleet/index.js';
import { SimulatedFleet, type FleetBehaviour } from '../simulator/index.js';
import { reachableHost, type Platform } from './platform.js';

/** Simulator settings a run may choose; the rest follow the platform's config. */
export type SimulationSettings = Partial<Omit<FleetBehaviour, 'url' | 'prefix'>> & { tickMs?: number };

/** The broker simulated stations should dial: this process's embedded broker, else MQTT_URL. */
export function stationBrokerUrl(platform: Platform): string {
  const { config, gateway } = platform;
  if (gateway?.brokerPort !== undefined)
    return `mqtt://${reachableHost(config.MQTT_BROKER_HOST)}:${gateway.brokerPort}`;
  if (config.MQTT_URL) return config.MQTT_URL;
  throw new Error('no MQTT broker to simulate against: run the gateway role here or set MQTT_URL');
}

/** Starts a simulated fleet of the planned stations against the platform's broker, timed by the platform's config. */
export async function simulateStations(
  platform: Platform,
  plans: SimulatedStationPlan[],
  settings: SimulationSettings = {},
): Promise<SimulatedFleet> {
  const { config } = platform;
  const fleet = new SimulatedFleet(
    plans.map((p) => ({ stationId: p.stationId, secret: p.secret, slotCount: p.slotCount, slots: p.slots })),
    {
      url: stationBrokerUrl(platform),
      prefix: config.MQTT_TOPIC_PREFIX,
      heartbeatSeconds: config.HEARTBEAT_SECONDS,
      takeTimeoutSeconds: config.TAKE_TIMEOUT_SECONDS,
      ...settings,
    },
  );
  await fleet.start();
  return fleet;
}
