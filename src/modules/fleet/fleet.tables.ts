/**
 * The fleet module's tables. Only fleet repositories query them. Portable types throughout:
 * prefixed ULID text ids, ISO-8601 UTC timestamp text, 0/1 integer booleans, JSON as text.
 */

export interface SiteTable {
  id: string;
  name: string;
  address: string;
  city: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  /** IANA time zone, e.g. Europe/London */
  time_zone: string;
  lat: number;
  lng: number;
  /** JSON: OpeningHours (weekday → [open, close] local times) or null for always open */
  opening_hours: string | null;
  created_at: string;
  updated_at: string;
}

export type StationConnectivity = 'provisioned' | 'online' | 'offline';

export interface StationTable {
  id: string;
  site_id: string;
  /** Short code printed on the station's QR sticker; unique */
  code: string;
  slot_count: number;
  connectivity: StationConnectivity;
  /** 0/1: ops can take a station out of service */
  enabled: number;
  firmware: string | null;
  hardware: string | null;
  boot_id: string | null;
  /** Station clock minus platform clock, learnt from hello/heartbeat */
  clock_offset_ms: number;
  signal: number | null;
  /** 0/1/null: on mains power */
  mains: number | null;
  temp_c: number | null;
  last_seen_at: string | null;
  last_inventory_at: string | null;
  created_at: string;
  /** Bumped by every change that affects availability; readers poll on it */
  updated_at: string;
}

export interface StationCredentialTable {
  station_id: string;
  secret_hash: string;
  created_at: string;
}

export type SlotState = 'empty' | 'charging' | 'ready' | 'fault' | 'disabled';

export interface StationSlotTable {
  station_id: string;
  slot: number;
  power_bank_id: string | null;
  state: SlotState;
  battery_pct: number | null;
  /** JSON array of fault codes */
  faults: string;
  /** Station time (corrected) of the fact this row reflects; older facts never overwrite newer ones */
  state_at: string;
  updated_at: string;
}

export type PowerBankLocation = 'slot' | 'rental' | 'warehouse' | 'in_transit' | 'lost';
export type PowerBankStatus = 'active' | 'blacklisted' | 'retired';

export interface PowerBankTable {
  id: string;
  capacity_mah: number;
  battery_pct: number;
  health_pct: number;
  cycle_count: number;
  location: PowerBankLocation;
  station_id: string | null;
  slot: number | null;
  status: PowerBankStatus;
  /** Station time (corrected) of the last location fact */
  location_at: string;
  created_at: string;
  updated_at: string;
}

export type CommandType = 'eject' | 'sync' | 'configure' | 'set_slot' | 'reboot' | 'firmware';
export type CommandStatus = 'pending' | 'sent' | 'succeeded' | 'failed' | 'expired' | 'timed_out';

export interface StationCommandTable {
  id: string;
  station_id: string;
  type: CommandType;
  /** JSON of the command's params */
  params: string;
  status: CommandStatus;
  /** Set to station_id while an eject is pending or sent: a unique index allows one eject in flight per station */
  eject_lock: string | null;
  result_code: string | null;
  /** JSON of the station's full result payload */
  result: string | null;
  issued_at: string;
  expires_at: string;
  sent_at: string | null;
  completed_at: string | null;
  /** Who asked: `ops:<token id>`, `rental:<id>`, `system` */
  requested_by: string;
  created_at: string;
  updated_at: string;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertStatus = 'open' | 'resolved';

export interface FleetAlertTable {
  id: string;
  type: string;
  severity: AlertSeverity;
  station_id: string | null;
  power_bank_id: string | null;
  message: string;
  /** JSON */
  details: string;
  status: AlertStatus;
  /** While open, a key such that the same condition raises one alert, not one per message */
  open_key: string | null;
  occurrences: number;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
}

export type MessageDirection = 'in' | 'out';
export type MessageOutcome = 'applied' | 'duplicate' | 'rejected' | 'sent';

export interface StationMessageTable {
  id: string;
  station_id: string;
  direction: MessageDirection;
  /** Topic leaf: hello, inventory, event, result, status, command */
  kind: string;
  /** The station's message id (inbound) or command id (outbound); unique per station and direction */
  message_id: string | null;
  outcome: MessageOutcome;
  error: string | null;
  payload: string;
  station_ts: string | null;
  received_at: string;
}

export interface FleetTables {
  fleet_sites: SiteTable;
  fleet_stations: StationTable;
  fleet_station_credentials: StationCredentialTable;
  fleet_station_slots: StationSlotTable;
  fleet_power_banks: PowerBankTable;
  fleet_station_commands: StationCommandTable;
  fleet_alerts: FleetAlertTable;
  fleet_station_messages: StationMessageTable;
}
