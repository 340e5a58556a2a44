import { createHmac, timingSafeEqual } from 'node:crypto';

/** Where downloads are served: `GET /files/<id>` (docs/files.md). */
export const FILES_PATH = '/files/';

export interface SignedFileUrls {
  /** A signed URL for `fileId`, valid for the configured TTL: what `File.url` returns. */
  urlFor(fileId: string): string;
  /** Whether `expires`/`signature` (from the URL's query) are a valid, unexpired signature for `fileId`. */
  verify(fileId: string, expires: string | null, signature: string | null): 'valid' | 'expired' | 'invalid';
}

export interface SignedFileUrlOptions {
  /** The first signs; all verify, so a rotated secret keeps issued links valid until they expire. */
  secrets: readonly string[];
  ttlSeconds: number;
  /** Prefix of the URLs (`https://api.example.com`); root-relative URLs without it. */
  publicUrl?: string;
  now?: () => number;
}

/**
 * Signed, short-lived download URLs, so `<img src>` works where no Authorization header can be
 * sent (docs/files.md, `FILE_URL_TTL`). A URL is handed out only to a viewer who may read the field
 * at that moment; like any bearer link, whoever holds it may fetch the file until it expires.
 * The key is derived from the JWT secret, never the secret itself.
 */
export function createSignedFileUrls(options: SignedFileUrlOptions): SignedFileUrls {
  const now = options.now ?? Date.now;
  const keys = options.secrets.map((secret) => createHmac('sha256', secret).update('graphkeep file links').digest());
  const sign = (key: Buffer, fileId: string, expires: string) =>
    createHmac('sha256', key).update(`${fileId}\n${expires}`).digest('base64url');
  const prefix = (options.publicUrl ?? '').replace(/\/+$/, '');
  return {
    urlFor(fileId) {
      const expires = String(Math.floor(now() / 1000) + options.ttlSeconds);
      return `${prefix}${FILES_PATH}${encodeURIComponent(fileId)}?expires=${expires}&signature=${sign(keys[0], fileId, expires)}`;
    },
    verify(fileId, expires, signature) {
      if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return 'invalid';
      const given = Buffer.from(signature);
      const matches = keys.some((key) => {
        const expected = Buffer.from(sign(key, fileId, expires));
        return expected.length === given.length && timingSafeEqual(expected, given);
      });
      if (!matches) return 'invalid';
      return Number(expires) * 1000 <= now() ? 'expired' : 'valid';
    },
  };
}
