import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The server's logger: JSON lines (pino). Anything that could carry a secret is censored by
 * path, wherever a log call puts it: headers, passwords, tokens, JWT secrets.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        'authorization',
        'password',
        '*.password',
        '*.oldPassword',
        '*.newPassword',
        'token',
        '*.token',
        'refreshToken',
        '*.refreshToken',
        '*.SMTP_URL',
        '*.JWT_SECRET',
        '*.JWT_SECRETS',
        '*.ADMIN_PASSWORD',
        '*.MONGODB_URI',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
