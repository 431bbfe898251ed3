import { AppError, ConflictError, NotFoundError } from '../../kernel/errors.js';

export const stationNotFound = (stationId: string) =>
  new NotFoundError('FLEET_STATION_NOT_FOUND', `Station ${stationId} does not exist`, { stationId });

export const siteNotFound = (siteId: string) =>
  new NotFoundError('FLEET_SITE_NOT_FOUND', `Site ${siteId} does not exist`, { siteId });

export const powerBankNotFound = (powerBankId: string) =>
  new NotFoundError('FLEET_POWER_BANK_NOT_FOUND', `Power bank ${powerBankId} does not exist`, {
    powerBankId,
  });

export const stationCodeTaken = (code: string) =>
  new ConflictError('FLEET_STATION_CODE_TAKEN', `Station code ${code} is already in use`, { code });

export const powerBankExists = (powerBankId: string) =>
  new ConflictError('FLEET_POWER_BANK_EXISTS', `Power bank ${powerBankId} is already registered`, {
    powerBankId,
  });

export const stationExists = (stationId: string) =>
  new ConflictError('FLEET_STATION_EXISTS', `Station ${stationId} is already provisioned`, { stationId });

export const invalidFleetInput = (message: string, details?: Record<string, unknown>) =>
  new AppError('FLEET_INVALID_INPUT', message, 400, details);

export const ejectInProgress = (stationId: string) =>
  new ConflictError(
    'FLEET_EJECT_IN_PROGRESS',
    `Station ${stationId} already has an eject in flight; wait for its result`,
    { stationId },
  );

export const commandNotFound = (commandId: string) =>
  new NotFoundError('FLEET_COMMAND_NOT_FOUND', `Command ${commandId} does not exist`, { commandId });

export const alertNotFound = (alertId: string) =>
  new NotFoundError('FLEET_ALERT_NOT_FOUND', `Alert ${alertId} does not exist`, { alertId });
