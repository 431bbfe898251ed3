import { AppError, ConflictError, NotFoundError } from '../../kernel/errors.js';

export const rentalNotFound = (rentalId: string) =>
  new NotFoundError('RENTAL_NOT_FOUND', `Rental ${rentalId} does not exist`, { rentalId });

export const stationOffline = (stationId: string) =>
  new ConflictError('RENTAL_STATION_OFFLINE', `Station ${stationId} is offline; try a nearby station`, {
    stationId,
  });

export const noPowerBankAvailable = (stationId: string) =>
  new ConflictError(
    'RENTAL_NO_POWER_BANK_AVAILABLE',
    `Station ${stationId} has no power bank to rent right now`,
    { stationId },
  );

export const alreadyRenting = (rentalId: string) =>
  new ConflictError('RENTAL_ALREADY_ACTIVE', `You already have rental ${rentalId} in progress`, { rentalId });

export const stationBusy = (stationId: string) =>
  new AppError('RENTAL_STATION_BUSY', `Station ${stationId} is busy; try again in a moment`, 409, {
    stationId,
  });
