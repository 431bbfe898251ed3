import { createHmac } from 'node:crypto';
import type { Clock } from '../../kernel/clock.js';
import type { Database } from '../../kernel/db/index.js';
import type { Logger } from '../../kernel/logger.js';
import { AccessTokens } from './access-tokens.js';
import { AuthService } from './auth.service.js';
import type { CodeSender, SmsProvider } from './code-senders.js';
import { DevOutbox } from './dev-outbox.js';
import type { RiderDataExporter, RiderErasureHook, RiderPrincipal } from './identity.contract.js';
import type { OutboxMessage } from './identity.types.js';
import { LoginCodesRepository } from './login-codes.repository.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';
import { RidersRepository } from './riders.repository.js';
import { RidersService } from './riders.service.js';
import { SessionsService } from './sessions.service.js';
import { SmtpSender, type SmtpSenderOptions } from './smtp.sender.js';

export interface IdentityOptions {
  /** Signs access tokens and keys code hashes; at least 32 characters, the same on every process */
  tokenSecret: string;
  /** Default 900 (15 min) */
  accessTokenTtlSeconds?: number;
  /** Default 2,592,000 (30 days) */
  refreshTokenTtlSeconds?: number;
  /** Default 600 (10 min) */
  codeTtlSeconds?: number;
  /** Codes one destination may be sent per rolling hour; default 5 */
  codesPerHour?: number;
  /** Where codes go; by default SMTP when `smtp` is set, else the dev outbox */
  sender?: CodeSender;
  /** E-mail codes over SMTP; SMS codes still go to `sms` */
  smtp?: Omit<SmtpSenderOptions, 'sms'>;
  /** The SMS gateway; by default the dev outbox */
  sms?: SmsProvider;
}

export interface IdentityDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  options: IdentityOptions;
}

/** The identity module's services, wired once by the composition root. */
export interface IdentityModule {
  riders: RidersService;
  auth: AuthService;
  /** The rider behind an Authorization header, or a 401 AppError (AUTH_RIDER_REQUIRED, _TOKEN_INVALID, _TOKEN_EXPIRED). */
  authenticate(authorizationHeader: string | undefined): Promise<RiderPrincipal>;
  registerExporter(name: string, exporter: RiderDataExporter): void;
  registerErasureHook(name: string, hook: RiderErasureHook): void;
  /** What the development sender "sent": tests, the rider simulator and the CLI read codes here. */
  devOutbox: { latest(destination: string): Promise<OutboxMessage | undefined> };
  /** Closes the SMTP transport, if any. */
  close(): void;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`identity option ${name} must be a positive integer`);
  return v;
}

/** Wires the identity module's repositories and services. */
export function createIdentityModule(deps: IdentityDeps): IdentityModule {
  const { database, clock, options } = deps;
  const accessTtl = positive('accessTokenTtlSeconds', options.accessTokenTtlSeconds, 900);
  const refreshTtl = positive('refreshTokenTtlSeconds', options.refreshTokenTtlSeconds, 2_592_000);
  const codeTtl = positive('codeTtlSeconds', options.codeTtlSeconds, 600);
  const codesPerHour = positive('codesPerHour', options.codesPerHour, 5);

  const riders = new RidersRepository(database);
  const codes = new LoginCodesRepository(database);
  const refreshTokens = new RefreshTokensRepository(database);
  const devOutbox = new DevOutbox(database, clock);
  const smtp = options.smtp ? new SmtpSender({ ...options.smtp, sms: options.sms ?? devOutbox }) : undefined;
  const sender = options.sender ?? smtp ?? devOutbox;
  const accessTokens = new AccessTokens(options.tokenSecret, accessTtl, clock);
  const sessions = new SessionsService({
    database,
    clock,
    riders,
    refreshTokens,
    accessTokens,
    refreshTokenTtlSeconds: refreshTtl,
  });
  // A key of its own for code hashes, derived so that operators configure one secret only.
  const codePepper = createHmac('sha256', options.tokenSecret).update('identity login codes').digest('hex');
  const auth = new AuthService({
    clock,
    riders,
    codes,
    sessions,
    sender,
    codePepper,
    codeTtlSeconds: codeTtl,
    codesPerHour,
  });
  const ridersService = new RidersService({ database, clock, riders, codes, refreshTokens, devOutbox });
  deps.logger.debug({ sender: sender.constructor.name }, 'identity module ready');
  return {
    riders: ridersService,
    auth,
    authenticate: (header) => sessions.authenticate(header),
    registerExporter: (name, exporter) => ridersService.registerExporter(name, exporter),
    registerErasureHook: (name, hook) => ridersService.registerErasureHook(name, hook),
    devOutbox: { latest: (destination) => devOutbox.latest(destination) },
    close: () => smtp?.close(),
  };
}
