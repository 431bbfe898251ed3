/**
 * The rentals module's tables. Only rentals.repository.ts queries them.
 *
 * `bank_lock` and `rider_lock` hold the power bank id and the rider id while a rental is live
 * (pending, ejecting, active, ending) and NULL otherwise: unique columns that let the database itself
 * refuse a second live rental of one power bank or by one rider (NULLs never collide on any dialect).
 */
export type RentalStatus =
  | 'pending'
  | 'ejecting'
  | 'active'
  | 'ending'
  | 'ended'
  | 'cancelled'
  | 'failed'
  | 'purchasing'
  | 'purchased';

export interface RentalTable {
  id: string;
  rider_id: string;
  status: RentalStatus;
  start_station_id: string;
  power_bank_id: string | null;
  slot: number | null;
  bank_lock: string | null;
  rider_lock: string | null;
  payment_id: string | null;
  /** The FrozenTariff as JSON: the rental is priced with it, whatever is published later. */
  tariff: string;
  currency: string;
  attempts: number;
  started_at: string | null;
  ended_at: string | null;
  end_station_id: string | null;
  amount: number | null;
  receipt_id: string | null;
  failure_code: string | null;
  created_at: string;
  updated_at: string;
}

export type AttemptOutcome = 'succeeded' | 'failed' | 'expired' | 'timed_out' | 'abandoned';

/** One eject tried for a rental: a rental may try a few power banks before one comes out. */
export interface RentalAttemptTable {
  command_id: string;
  rental_id: string;
  attempt: number;
  station_id: string;
  slot: number;
  power_bank_id: string;
  outcome: AttemptOutcome | null;
  outcome_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface RentalsTables {
  rentals_rentals: RentalTable;
  rentals_attempts: RentalAttemptTable;
}
