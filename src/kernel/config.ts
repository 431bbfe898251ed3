import { z } from 'zod';

/**
 * The one configuration schema. Read once at boot from the environment; every value is validated
 * and a bad one stops the process with a message naming the variable. Runtime shape (which roles run,
 * which broker, which database) comes from these settings, never from NODE_ENV.
 */
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const ROLES = ['api', 'gateway', 'worker'] as const;
export type Role = (typeof ROLES)[number];

const schema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLES: z
    .string()
    .default('api,gateway,worker')
    .transform((s) =>
      s
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(ROLES)).min(1)),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/|mysql:\/\/)/, 'must start with sqlite:, postgres:// or mysql://')
    .default('sqlite:./data/chargenet.db'),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  /** PostgreSQL: name repeated statements so the server plans each once per connection (off behind a transaction-pooling PgBouncer < 1.21). */
  DATABASE_NAMED_STATEMENTS: bool.default(true),
  MQTT_URL: z
    .string()
    .regex(/^(mqtts?|wss?|tcp):\/\//, 'must be an mqtt://, mqtts://, ws:// or wss:// URL')
    .optional(),
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  /** PEM files for a TLS client-certificate login to the external broker (AWS IoT Core requires one). */
  MQTT_CA_FILE: z.string().min(1).optional(),
  MQTT_CERT_FILE: z.string().min(1).optional(),
  MQTT_KEY_FILE: z.string().min(1).optional(),
  MQTT_BROKER_HOST: z.string().min(1).default('0.0.0.0'),
  MQTT_BROKER_PORT: port.default(1884),
  MQTT_TOPIC_PREFIX: z
    .string()
    .regex(/^[^#+\s]+[^/#+\s]$/, 'must be a topic path without wildcards or a trailing slash')
    .default('chargenet/v1'),
  MQTT_MAX_PAYLOAD_BYTES: positiveInt.default(64 * 1024),
  /** How often the gateway flushes coalesced presence and sweeps offline stations and commands; 0 = never (tests call tick()). */
  GATEWAY_TICK_MS: z.coerce.number().int().min(0).default(5000),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  HEARTBEAT_SECONDS: positiveInt.default(60),
  OFFLINE_AFTER_MISSED_HEARTBEATS: positiveInt.default(3),
  TAKE_TIMEOUT_SECONDS: positiveInt.default(30),
  COMMAND_TTL_SECONDS: positiveInt.default(20),
  COMMAND_RESULT_TIMEOUT_SECONDS: positiveInt.default(30),
  MIN_RENTABLE_BATTERY_PCT: z.coerce.number().int().min(0).max(100).default(60),
  MIN_RENTABLE_HEALTH_PCT: z.coerce.number().int().min(0).max(100).default(70),
  GBFS_TTL_SECONDS: positiveInt.default(60),
  AVAILABILITY_REFRESH_MS: positiveInt.default(2000),
  /** Largest HTTP request body accepted; bigger ones get 413 PAYLOAD_TOO_LARGE. */
  HTTP_BODY_LIMIT_BYTES: positiveInt.default(1024 * 1024),
  SIMULATE_STATIONS: z.coerce.number().int().min(0).default(0),
  /** Signs rider access tokens; every API process of one deployment must share it. `npm start` makes one. */
  IDENTITY_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt.default(900),
  REFRESH_TOKEN_TTL_SECONDS: positiveInt.default(30 * 24 * 3600),
  LOGIN_CODE_TTL_SECONDS: positiveInt.default(600),
  LOGIN_CODES_PER_HOUR: positiveInt.default(5),
  /** Where login codes are e-mailed; without it they go to the development outbox (`chargenet riders codes`). */
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().min(3).default('chargenet <no-reply@localhost>'),
  PAYMENT_PROVIDER: z.enum(['sandbox', 'stripe']).default('sandbox'),
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Points the Stripe SDK somewhere else (a proxy, or the test suite's fake Stripe). */
  STRIPE_API_URL: z.string().url().optional(),
  /** Power banks one rental may try before it fails. */
  RENTAL_MAX_EJECT_ATTEMPTS: positiveInt.default(3),
  /** After this long a failed eject no longer tries another power bank: the rider has probably left. */
  RENTAL_RETRY_WINDOW_SECONDS: positiveInt.default(60),
  /** How often the worker resolves interrupted rentals and turns overdue ones into purchases. */
  RENTAL_SWEEP_MS: z.coerce.number().int().min(0).default(30_000),
  SEED_DEMO: bool.default(false),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and validates configuration from an environment-like record; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '');
        const given = key in input ? ` (got ${JSON.stringify(input[key])})` : '';
        return `${key}: ${issue.message}${given}`;
      }),
    );
  }
  return parsed.data;
}
