import { z } from 'zod';
import { parseTrustProxy } from './trustProxy';

const DURATION = /^(\d+)(s|m|h|d)$/;

/** `48h`, `30m`, `7d`, `3600s` or plain seconds → seconds. */
function parseDuration(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const match = DURATION.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
}

/** A duration variable (`48h`, `30m`, `7d`, `3600s`, `3600`) read as seconds. */
function durationSeconds(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const seconds = parseDuration(text);
      if (seconds === undefined || seconds <= 0) {
        ctx.addIssue({ code: 'custom', message: 'expected a duration like 48h, 30m, 7d or a number of seconds' });
        return z.NEVER;
      }
      return seconds;
    });
}

const optionalText = z.string().trim().min(1).optional();

/** Environment variables of docs/configuration.md (and docs/limits.md), validated once at start. */
const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    MONGODB_URI: optionalText,
    DATA_DIR: z.string().min(1).default('./data'),
    SCHEMA_FILE: z.string().min(1).default('./schema.graphql'),
    PERMISSIONS_DIR: z.string().min(1).default('./permissions'),
    JWT_SECRET: optionalText,
    JWT_SECRETS: optionalText,
    TOKEN_TTL: durationSeconds('48h'),
    JWT_ISSUER: optionalText,
    JWT_AUDIENCE: optionalText,
    /** Types without a rules file: admin-only (`deny`) unless opened for prototyping (docs/permissions.md#types-without-a-rules-file). */
    PERMISSIONS_DEFAULT: z.enum(['open', 'deny']).default('deny'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    CORS_ORIGINS: optionalText,
    /** How long a signed `File.url` stays valid (docs/files.md). */
    FILE_URL_TTL: durationSeconds('15m'),
    /** Keys of signed `File.url`s, comma-separated: the first signs, all verify; unset, the JWT secrets (docs/files.md). */
    FILE_URL_SECRETS: optionalText,
    /** Prefix of `File.url` (`https://api.example.com`; root-relative when unset) and of mailed links. */
    PUBLIC_URL: z.string().url().optional(),
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    MAX_DEPTH: z.coerce.number().int().positive().default(15),
    MAX_DIRECTIVES: z.coerce.number().int().positive().default(20),
    MAX_ALIASES: z.coerce.number().int().positive().default(30),
    MAX_TOKENS: z.coerce.number().int().positive().default(5000),
    MAX_COST: z.coerce.number().int().positive().default(50000),
    // Connections (docs/limits.md#connections); applied in http/connectionLimits.ts.
    KEEP_ALIVE_TIMEOUT: durationSeconds('65s'),
    HEADERS_TIMEOUT: durationSeconds('66s'),
    REQUEST_TIMEOUT: durationSeconds('300s'),
    MAX_CONNECTIONS: z.coerce.number().int().positive().default(10000),
    // Text filters (docs/limits.md): the pattern, and what one request's tests may read.
    MAX_TEXT_PATTERN_LENGTH: z.coerce.number().int().positive().default(256),
    MAX_TEXT_SCAN_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(2 * 1024 * 1024),
    MONGO_MAX_TIME_MS: z.coerce.number().int().positive().default(5000),
    INTROSPECTION: z.enum(['true', 'false']).optional(),
    GRAPHIQL: z.enum(['true', 'false']).optional(),
    /** The operator's console at `/console` (docs/console.md); it signs in admins only. */
    CONSOLE: z.enum(['true', 'false']).default('true'),
    ADMIN_USERNAME: optionalText,
    ADMIN_PASSWORD: optionalText,
    LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(50),
    LOGIN_THROTTLE_WINDOW: durationSeconds('15m'),
    // Password hashing (docs/limits.md): bcrypt at once, and what may wait, in all and per client.
    HASH_CONCURRENCY: z.coerce.number().int().positive().default(2),
    HASH_QUEUE_DEPTH: z.coerce.number().int().positive().default(64),
    HASH_QUEUE_PER_CLIENT: z.coerce.number().int().positive().default(8),
    // Real time (docs/subscriptions.md); what each bounds: http/webSocketLimits.ts.
    WS_MAX_SUBSCRIPTIONS: z.coerce.number().int().positive().default(100),
    WS_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().positive().default(20),
    WS_MAX_PENDING_EVENTS: z.coerce.number().int().positive().default(1000),
    WS_CONNECTION_INIT_TIMEOUT: durationSeconds('3s'),
    // Objects one grant change may bring into or out of one subscriber's view (realtime/CommitJudge.ts).
    WS_MAX_GRANT_FANOUT: z.coerce.number().int().positive().default(1000),
    // Third-party identity (docs/api.md#users-and-tokens): tokens signed by the provider's keys, published as a JWKS.
    JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
    JWT_AUTO_CREATE_USERS: z.enum(['true', 'false']).default('false'),
    JWT_USERNAME_CLAIM: z.string().trim().min(1).default('sub'),
    // GET /metrics (docs/production.md): off unless a token is set, or METRICS=public.
    METRICS_TOKEN: z.string().trim().min(16, 'at least 16 characters: it is all that guards /metrics').optional(),
    METRICS: z.enum(['public', 'off']).default('off'),
    // Which proxies may name the client in X-Forwarded-For (docs/production.md): none unless set.
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((text, ctx) => {
        const trust = parseTrustProxy(text);
        if (typeof trust === 'string') {
          ctx.addIssue({ code: 'custom', message: trust });
          return z.NEVER;
        }
        return trust;
      }),
    // Sessions (docs/accounts.md): with refresh tokens, access tokens live ACCESS_TOKEN_TTL instead of TOKEN_TTL.
    REFRESH_TOKENS: z.enum(['true', 'false']).default('false'),
    ACCESS_TOKEN_TTL: durationSeconds('15m'),
    REFRESH_TOKEN_TTL: durationSeconds('30d'),
    // Account mail (docs/accounts.md): off unless SMTP_URL is set.
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    MAIL_FROM: optionalText,
    APP_NAME: optionalText,
    MAIL_TEMPLATES_DIR: optionalText,
    PASSWORD_RESET_PAGE: z.string().trim().min(1).default('/reset-password'),
    VERIFY_EMAIL_PAGE: z.string().trim().min(1).default('/verify-email'),
    PASSWORD_RESET_TTL: durationSeconds('30m'),
    VERIFY_EMAIL_TTL: durationSeconds('24h'),
    MAIL_MAX_PER_RECIPIENT: z.coerce.number().int().positive().default(3),
    MAIL_MAX_PER_CLIENT: z.coerce.number().int().positive().default(30),
    MAIL_THROTTLE_WINDOW: durationSeconds('1h'),
  })
  .superRefine((config, ctx) => {
    // A proxy may reuse a connection just as it idles out: headers must not time out before keep-alive does.
    if (config.HEADERS_TIMEOUT <= config.KEEP_ALIVE_TIMEOUT)
      ctx.addIssue({ code: 'custom', path: ['HEADERS_TIMEOUT'], message: 'must be more than KEEP_ALIVE_TIMEOUT' });
    if (config.HEADERS_TIMEOUT > config.REQUEST_TIMEOUT)
      ctx.addIssue({ code: 'custom', path: ['HEADERS_TIMEOUT'], message: 'must be at most REQUEST_TIMEOUT' });
    // A provider's keys sign tokens for every app and tenant it serves (Firebase shares one set
    // among all projects): only issuer and audience say a token was meant for this API.
    for (const name of ['JWT_ISSUER', 'JWT_AUDIENCE'] as const) {
      if (config.JWT_JWKS_URL && !config[name])
        ctx.addIssue({ code: 'custom', path: [name], message: 'required with JWT_JWKS_URL' });
    }
    if (config.METRICS === 'public' && config.METRICS_TOKEN)
      ctx.addIssue({
        code: 'custom',
        path: ['METRICS'],
        message: 'public and METRICS_TOKEN exclude each other: choose one',
      });
    // A mail needs a sender, and its links an address the reader's browser can open.
    if (config.SMTP_URL && !config.MAIL_FROM)
      ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'required with SMTP_URL' });
    const pages = (['PASSWORD_RESET_PAGE', 'VERIFY_EMAIL_PAGE'] as const).filter((page) => {
      if (/^(\/|https?:\/\/)/.test(config[page])) return config[page].startsWith('/');
      ctx.addIssue({ code: 'custom', path: [page], message: 'expected a path (/reset-password) or an http(s) URL' });
      return false;
    });
    if (config.SMTP_URL && !config.PUBLIC_URL && pages.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: `required with SMTP_URL: the mailed links to ${pages.join(' and ')} start there`,
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

/** Every variable the server reads, for the deployment files' checks. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(ConfigSchema.shape);

export class ConfigError extends Error {}

/** Reads the configuration; a bad value throws a `ConfigError` naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset, as compose files and shells pass them.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = ConfigSchema.safeParse(given);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}
