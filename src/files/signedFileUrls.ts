import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Viewer } from '../Viewer';

/** Where downloads are served: `GET /files/<id>` (docs/files.md). */
export const FILES_PATH = '/files/';

/** The query of a signed `File.url`, as a download request brings it back. */
export interface UrlSignature {
  expires: string | null;
  viewer: string | null;
  signature: string | null;
}

/**
 * How a signed URL names the viewer it was issued to (`user.<id>`, `admin.<token name>`,
 * `anonymous`), and the version that must not change for the URL to stay valid: a user's
 * token version, which a password change or a sign-out everywhere replaces.
 */
export interface UrlViewer {
  name: string;
  version: string;
}

/** Between viewers and the names URLs give them; `auth/` knows how users and admin tokens are stored. */
export interface UrlViewers {
  nameOf(viewer: Viewer): UrlViewer;
  /** The viewer a URL names, as stored now, or null when it is gone (a deleted user, a revoked admin token). */
  find(name: string): Promise<{ viewer: Viewer; version: string } | null>;
}

export interface SignedFileUrls {
  /** A signed URL for `fileId`, issued to `viewer`, valid for the configured TTL: what `File.url` returns. */
  urlFor(fileId: string, viewer: Viewer): string;
  /**
   * Whether `signature` is a valid, unexpired signature of `fileId` for the viewer it names,
   * as that viewer is now (`current`, null when gone). Valid says only who may be asking: the
   * download then judges that viewer by the field's read rules, as a query would.
   */
  verify(fileId: string, signature: UrlSignature, current: UrlViewer | null): 'valid' | 'expired' | 'invalid';
}

export interface SignedFileUrlOptions {
  /** The first signs; all verify, so a new key can be rolled out before the old one is dropped. */
  secrets: readonly string[];
  ttlSeconds: number;
  /** Prefix of the URLs (`https://api.example.com`); root-relative URLs without it. */
  publicUrl?: string;
  nameOf: UrlViewers['nameOf'];
  now?: () => number;
}

/**
 * Signed, short-lived download URLs, so `<img src>` works where no Authorization header can be
 * sent (docs/files.md, `FILE_URL_TTL`, `FILE_URL_SECRETS`). A URL names the viewer it was
 * issued to and carries that viewer's version in its signature; a download with it is judged
 * as that viewer's own request, so revoking their access, deleting the file, a password change
 * or dropping the signing key ends it before it expires. Keys are derived from the secrets,
 * never the secrets themselves.
 */
export function createSignedFileUrls(options: SignedFileUrlOptions): SignedFileUrls {
  const now = options.now ?? Date.now;
  const keys = options.secrets.map((secret) => createHmac('sha256', secret).update('graphkeep file links').digest());
  const sign = (key: Buffer, fileId: string, expires: string, viewer: UrlViewer) =>
    createHmac('sha256', key).update(`${fileId}\n${expires}\n${viewer.name}\n${viewer.version}`).digest('base64url');
  const prefix = (options.publicUrl ?? '').replace(/\/+$/, '');
  return {
    urlFor(fileId, viewer) {
      const named = options.nameOf(viewer);
      const expires = String(Math.floor(now() / 1000) + options.ttlSeconds);
      const query = new URLSearchParams({
        expires,
        viewer: named.name,
        signature: sign(keys[0], fileId, expires, named),
      });
      return `${prefix}${FILES_PATH}${encodeURIComponent(fileId)}?${query}`;
    },
    verify(fileId, { expires, viewer, signature }, current) {
      if (!expires || !signature || !viewer || !current || !/^\d{1,12}$/.test(expires)) return 'invalid';
      const given = Buffer.from(signature);
      const matches = keys.some((key) => {
        const expected = Buffer.from(sign(key, fileId, expires, { name: viewer, version: current.version }));
        return expected.length === given.length && timingSafeEqual(expected, given);
      });
      if (!matches) return 'invalid';
      return Number(expires) * 1000 <= now() ? 'expired' : 'valid';
    },
  };
}
