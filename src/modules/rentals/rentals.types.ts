import type { FrozenTariff } from '../pricing/index.js';
import type { AttemptOutcome, RentalStatus } from './rentals.tables.js';

export type { RentalStatus, AttemptOutcome } from './rentals.tables.js';

export interface Rental {
  id: string;
  riderId: string;
  status: RentalStatus;
  startStationId: string;
  powerBankId: string | null;
  slot: number | null;
  paymentId: string | null;
  tariff: FrozenTariff;
  currency: string;
  attempts: number;
  startedAt: string | null;
  endedAt: string | null;
  endStationId: string | null;
  /** What the rider paid, in minor units of `currency`; set when the rental ended or was purchased. */
  amount: number | null;
  receiptId: string | null;
  failureCode: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RentalAttempt {
  commandId: string;
  rentalId: string;
  attempt: number;
  stationId: string;
  slot: number;
  powerBankId: string;
  outcome: AttemptOutcome | null;
  outcomeCode: string | null;
  createdAt: string;
}

export interface NewRental {
  id: string;
  riderId: string;
  startStationId: string;
  powerBankId: string;
  slot: number;
  tariff: FrozenTariff;
  nowMs: number;
}
