import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Config } from '../config/loadConfig';

/** HS256 keys shorter than this are guessable offline from any token (RFC 7518 §3.2). */
export const MIN_SECRET_LENGTH = 32;

export const DEV_SECRET_FILE = 'jwt-secret';

/**
 * The HMAC secrets, the first of which signs (docs/configuration.md `JWT_SECRETS`: the first signs, all
 * verify, so a new secret can be rolled out before the old one is dropped). In development
 * with none configured, a random secret is made once and kept in `DATA_DIR`, so tokens
 * survive restarts; production refuses to start without a strong one.
 */
export function jwtSecrets(config: Config): string[] {
  const configured = (config.JWT_SECRETS ?? config.JWT_SECRET ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret.length > 0);
  if (configured.length > 0) {
    if (config.NODE_ENV === 'production' && configured.some((secret) => secret.length < MIN_SECRET_LENGTH)) {
      throw new ConfigError(
        `${config.JWT_SECRETS ? 'JWT_SECRETS' : 'JWT_SECRET'}: every secret must be at least ${MIN_SECRET_LENGTH} characters in production`,
      );
    }
    return configured;
  }
  if (config.NODE_ENV === 'production') {
    throw new ConfigError(
      `JWT_SECRET: required in production (a random string of at least ${MIN_SECRET_LENGTH} characters)`,
    );
  }
  return [developmentSecret(config.DATA_DIR)];
}

/**
 * The keys of signed file URLs (docs/files.md): `FILE_URL_SECRETS` (the first signs, all
 * verify), so they rotate without ending anyone's session; unset, the JWT secrets.
 */
export function fileUrlSecrets(config: Config): string[] {
  const configured = (config.FILE_URL_SECRETS ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret.length > 0);
  if (configured.length === 0) return jwtSecrets(config);
  if (config.NODE_ENV === 'production' && configured.some((secret) => secret.length < MIN_SECRET_LENGTH))
    throw new ConfigError(
      `FILE_URL_SECRETS: every secret must be at least ${MIN_SECRET_LENGTH} characters in production`,
    );
  return configured;
}

function developmentSecret(dataDir: string): string {
  const file = join(dataDir, DEV_SECRET_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
