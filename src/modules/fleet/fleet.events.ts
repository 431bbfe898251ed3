/**
 * Events the fleet module emits (docs/events.md is the catalogue). Times are ISO-8601 UTC; `at` is
 * the station's time corrected by its learnt clock offset, `receivedAt` the platform's.
 */
export interface FleetEvents {
  /** Anything that changes what riders can rent or return at a station. */
  'fleet.station.availability_changed': { stationId: string; at: string };
  'fleet.station.connectivity_changed': { stationId: string; online: boolean; at: string };
  /** A power bank left a slot; with commandId when it answered an eject. */
  'fleet.power_bank.removed': {
    stationId: string;
    slot: number;
    powerBankId: string;
    commandId?: string;
    at: string;
    receivedAt: string;
  };
  /** A power bank was pushed into a slot and latched: a return or a restock. */
  'fleet.power_bank.inserted': {
    stationId: string;
    slot: number;
    powerBankId: string;
    batteryPct: number;
    at: string;
    receivedAt: string;
  };
  /** An ejected power bank was not taken and was pulled back in. */
  'fleet.power_bank.retracted': {
    stationId: string;
    slot: number;
    powerBankId: string;
    commandId: string;
    at: string;
  };
  /** A tracked command reached a final status. */
  'fleet.command.completed': {
    commandId: string;
    stationId: string;
    type: string;
    status: 'succeeded' | 'failed' | 'expired' | 'timed_out';
    code?: string;
  };
  'fleet.alert.raised': { alertId: string; type: string; stationId?: string; powerBankId?: string };
}

/** Every fleet event type, for subscribers that listen to all of them (recorders, relays). */
export const FLEET_EVENT_TYPES = [
  'fleet.station.availability_changed',
  'fleet.station.connectivity_changed',
  'fleet.power_bank.removed',
  'fleet.power_bank.inserted',
  'fleet.power_bank.retracted',
  'fleet.command.completed',
  'fleet.alert.raised',
] as const satisfies readonly (keyof FleetEvents)[];

// A new event in FleetEvents that is missing above fails to compile here.
const everyEventListed: Exclude<keyof FleetEvents, (typeof FLEET_EVENT_TYPES)[number]> extends never
  ? true
  : never = true;
void everyEventListed;
