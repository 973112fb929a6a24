import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** The SMTP receiver's limits when none are configured (the receiver's own defaults too). */
export const SMTP_LIMITS = { maxConnections: 100, maxConnectionsPerIp: 20, dataTimeoutSeconds: 300, idleTimeoutSeconds: 60 };

/** Every setting Rapport reads from the environment: the one place that touches process.env. */
const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'HTTP port' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Address the HTTP server binds to' }),
  RAPPORT_DATA_DIR: Type.String({
    minLength: 1,
    default: './data',
    description: 'SQLite database, attachments and the generated secret',
  }),
  DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^postgres(ql)?://', description: 'postgres://… to use PostgreSQL instead of SQLite' }),
  ),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  LOG_FORMAT: Type.Optional(
    Type.Union([Type.Literal('json'), Type.Literal('pretty')], {
      description: 'json or pretty (default: pretty at a terminal, json otherwise)',
    }),
  ),
  RAPPORT_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'Secret for signing; generated into the data dir when absent' })),
  RAPPORT_HTTP_REQUEST_TIMEOUT_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 3600,
    default: 60,
    description: 'A whole HTTP request (headers and body) must arrive within this many seconds, or it gets 408',
  }),
  RAPPORT_HTTP_HEADERS_TIMEOUT_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 3600,
    default: 15,
    description: 'The headers of an HTTP request must arrive within this many seconds, or it gets 408',
  }),
  RAPPORT_SMTP_PORT: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 2525,
    description: 'Port of the built-in SMTP receiver; 0 turns it off',
  }),
  RAPPORT_SMTP_HOST: Type.Optional(Type.String({ minLength: 1, description: 'Address the SMTP receiver binds to (default: HOST)' })),
  RAPPORT_SMTP_MAX_MB: Type.Number({
    exclusiveMinimum: 0,
    maximum: 1024,
    default: 25,
    description: 'Largest message the receiver accepts, in MB',
  }),
  RAPPORT_SMTP_TLS_KEY: Type.Optional(
    Type.String({ minLength: 1, description: 'PEM private key file: with the certificate, enables STARTTLS' }),
  ),
  RAPPORT_SMTP_TLS_CERT: Type.Optional(Type.String({ minLength: 1, description: 'PEM certificate file for STARTTLS' })),
  RAPPORT_SMTP_MAX_CONNECTIONS: Type.Integer({
    minimum: 1,
    maximum: 100_000,
    default: SMTP_LIMITS.maxConnections,
    description: 'Most SMTP connections at once; more get 421',
  }),
  RAPPORT_SMTP_MAX_CONNECTIONS_PER_IP: Type.Integer({
    minimum: 1,
    maximum: 100_000,
    default: SMTP_LIMITS.maxConnectionsPerIp,
    description: 'Most SMTP connections at once from one client address; more get 421',
  }),
  RAPPORT_SMTP_DATA_TIMEOUT_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 3600,
    default: SMTP_LIMITS.dataTimeoutSeconds,
    description: 'A message must arrive within this many seconds of DATA, or the session gets 421',
  }),
  RAPPORT_SMTP_IDLE_TIMEOUT_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 3600,
    default: SMTP_LIMITS.idleTimeoutSeconds,
    description: 'An SMTP client silent for this long gets 421',
  }),
  RAPPORT_SMTP_RELAY_URL: Type.Optional(
    Type.String({ pattern: '^smtps?://', description: 'Outgoing mail relay, e.g. smtp://user:pass@mail.example.com:587 (secret)' }),
  ),
  RAPPORT_IMAP_POLL_SECONDS: Type.Integer({
    minimum: 5,
    maximum: 86_400,
    default: 60,
    description: 'How often mailboxes with IMAP settings are polled',
  }),
  RAPPORT_TRUST_PROXY: Type.Boolean({
    default: false,
    description: 'Trust X-Forwarded-* headers (set behind a TLS-terminating proxy)',
  }),
  RAPPORT_EVENT_LOOP_STATS: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'File that `serve` appends its event-loop delay figures to on SIGUSR2 and on shutdown (benchmarks)',
    }),
  ),
});

type RawConfig = Static<typeof ConfigSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: RawConfig['LOG_LEVEL'];
  /** Unset: chosen by whether standard output is a terminal. */
  logFormat: RawConfig['LOG_FORMAT'];
  /** Marked secret: never logged. */
  secret: string;
  trustProxy: boolean;
  /** Marked secret (may hold a password): never logged. */
  smtpRelayUrl: string | undefined;
  imapPollMs: number;
  eventLoopStatsFile: string | undefined;
  http: { requestTimeoutMs: number; headersTimeoutMs: number };
  smtp: { port: number; host: string; maxBytes: number; tlsKeyFile?: string; tlsCertFile?: string } & typeof SMTP_LIMITS;
}

export class ConfigError extends Error {}

const INTEGER_KEYS = new Set(
  Object.entries(ConfigSchema.properties)
    .filter(([, schema]) => schema.type === 'integer')
    .map(([key]) => key),
);

const coerce = (env: NodeJS.ProcessEnv) => {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    if (INTEGER_KEYS.has(key)) picked[key] = /^\d+$/.test(value) ? Number(value) : value;
    else if (key === 'RAPPORT_SMTP_MAX_MB') picked[key] = /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    else if (key === 'RAPPORT_TRUST_PROXY') picked[key] = ['1', 'true', 'yes'].includes(value.toLowerCase());
    else picked[key] = value;
  }
  return Value.Default(ConfigSchema, picked);
};

/** Parses the environment once; every problem is listed in the error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const candidate = coerce(env);
  const problems = [...Value.Errors(ConfigSchema, candidate)].map((error) => `${error.path.slice(1) || 'config'}: ${error.message}`);
  if (problems.length) throw new ConfigError(`Invalid configuration — ${problems.join('; ')}`);
  const raw = candidate as RawConfig;
  const dataDir = resolve(raw.RAPPORT_DATA_DIR);
  return {
    port: raw.PORT,
    host: raw.HOST,
    dataDir,
    databaseUrl: raw.DATABASE_URL,
    logLevel: raw.LOG_LEVEL,
    logFormat: raw.LOG_FORMAT,
    secret: raw.RAPPORT_SECRET ?? readOrCreateSecret(dataDir),
    trustProxy: raw.RAPPORT_TRUST_PROXY,
    smtpRelayUrl: raw.RAPPORT_SMTP_RELAY_URL,
    imapPollMs: raw.RAPPORT_IMAP_POLL_SECONDS * 1000,
    eventLoopStatsFile: raw.RAPPORT_EVENT_LOOP_STATS,
    http: {
      requestTimeoutMs: raw.RAPPORT_HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      // Node refuses a headers timeout above the request timeout.
      headersTimeoutMs: Math.min(raw.RAPPORT_HTTP_HEADERS_TIMEOUT_SECONDS, raw.RAPPORT_HTTP_REQUEST_TIMEOUT_SECONDS) * 1000,
    },
    smtp: {
      port: raw.RAPPORT_SMTP_PORT,
      host: raw.RAPPORT_SMTP_HOST ?? raw.HOST,
      maxBytes: Math.round(raw.RAPPORT_SMTP_MAX_MB * 1024 * 1024),
      tlsKeyFile: raw.RAPPORT_SMTP_TLS_KEY,
      tlsCertFile: raw.RAPPORT_SMTP_TLS_CERT,
      maxConnections: raw.RAPPORT_SMTP_MAX_CONNECTIONS,
      maxConnectionsPerIp: raw.RAPPORT_SMTP_MAX_CONNECTIONS_PER_IP,
      dataTimeoutSeconds: raw.RAPPORT_SMTP_DATA_TIMEOUT_SECONDS,
      idleTimeoutSeconds: raw.RAPPORT_SMTP_IDLE_TIMEOUT_SECONDS,
    },
  };
}

function readOrCreateSecret(dataDir: string) {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}

export const describeConfig = () =>
  Object.entries(ConfigSchema.properties).map(([name, schema]) => ({
    name,
    default: (schema as { default?: unknown }).default,
    description: (schema as { description?: string }).description ?? '',
  }));
