/**
 * The identity module's only door: riders, one-time-code sign-in, access and refresh tokens, the
 * rider profile, data export and erasure. See README.md for what it owns, emits and consumes.
 */
export type * from './identity.contract.js';
export type * from './identity.types.js';
export type * from './identity.tables.js';
export { identityMigrations } from './migrations/index.js';
export {
  createIdentityModule,
  type IdentityModule,
  type IdentityDeps,
  type IdentityOptions,
} from './identity.module.js';
export { identityRoutes, type IdentityRoutesOptions } from './identity.routes.js';
export { riderAuth, requireRider } from './identity.auth.js';
export { AuthService, MAX_CODE_ATTEMPTS, type CodeRequest, type SignInRequest } from './auth.service.js';
export { RidersService, IDENTITY_EXPORT_NAME, type IdentityExport } from './riders.service.js';
export { SmtpSender, type SmtpSenderOptions } from './smtp.sender.js';
export { codeMessage, type CodeMessage, type CodeSender, type SmsProvider } from './code-senders.js';
export { MIN_SECRET_LENGTH } from './access-tokens.js';
export { isCountryCode } from './identity.destination.js';
export { DevOutbox } from './dev-outbox.js';
export { destinationOf } from './identity.destination.js';
