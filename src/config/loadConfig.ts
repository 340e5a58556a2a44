import { z } from 'zod';

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
    PERMISSIONS_DEFAULT: z.enum(['open', 'deny']).default('open'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    CORS_ORIGINS: optionalText,
    /** How long a signed `File.url` stays valid (docs/files.md). */
    FILE_URL_TTL: durationSeconds('1h'),
    /** Prefix of `File.url` (`https://api.example.com`); root-relative URLs when unset. */
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
    INTROSPECTION: z.enum(['true', 'false']).optional(),
    GRAPHIQL: z.enum(['true', 'false']).optional(),
    ADMIN_USERNAME: optionalText,
    ADMIN_PASSWORD: optionalText,
    LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(50),
    LOGIN_THROTTLE_WINDOW: durationSeconds('15m'),
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
  })
  .superRefine((config, ctx) => {
    // A provider's keys sign tokens for every app and tenant it serves (Firebase shares one set
    // among all projects): only issuer and audience say a token was meant for this API.
    for (const name of ['JWT_ISSUER', 'JWT_AUDIENCE'] as const) {
      if (config.JWT_JWKS_URL && !config[name])
        ctx.addIssue({ code: 'custom', path: [name], message: 'required with JWT_JWKS_URL' });
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
