import { t, type Locale } from '../../kernel/i18n/index.js';
import type { RentalView } from './rentals.schemas.js';
import type { Rental } from './rentals.types.js';

/** The API shape of a rental, with its status line in the rider's language. */
export function rentalView(r: Rental, locale: Locale): RentalView {
  const durationSeconds =
    r.startedAt && r.endedAt ? Math.round((Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000) : null;
  return {
    id: r.id,
    status: r.status,
    stationId: r.startStationId,
    powerBankId: r.powerBankId,
    slot: r.slot,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    endStationId: r.endStationId,
    durationSeconds,
    currency: r.currency,
    amount: r.amount,
    receiptId: r.receiptId,
    failureCode: r.failureCode,
    tariff: { tariffId: r.tariff.tariffId, version: r.tariff.version, country: r.tariff.country },
    message: t(locale, `rental.status.${r.status}`, { slot: r.slot ?? '' }),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
