import type { Viewer } from '../Viewer';
import { createSignedFileUrls, type UrlSignature, type UrlViewer } from './signedFileUrls';

const FILE = 'Post.0000018c2f1e3a4b00001a2b.cover.9f86d081884c7d65';
const ANN: Viewer = { kind: 'user', id: '0000018c2f1e3a4b00000001', user: { _id: '0000018c2f1e3a4b00000001' } };
/** Ann as the store holds her now: her token version is what a password change replaces. */
const annNow: UrlViewer = { name: 'user.0000018c2f1e3a4b00000001', version: 'v1' };
const nameOf = (viewer: Viewer): UrlViewer =>
  viewer.kind === 'user' ? annNow : { name: viewer.kind === 'anonymous' ? 'anonymous' : 'admin.x', version: '' };

function query(url: string): UrlSignature {
  const params = new URL(url, 'http://x').searchParams;
  return { expires: params.get('expires'), viewer: params.get('viewer'), signature: params.get('signature') };
}

describe('signed file URLs', () => {
  let clock = 1_700_000_000_000;
  const urls = createSignedFileUrls({ secrets: ['first secret'], ttlSeconds: 900, nameOf, now: () => clock });

  test('a fresh URL names its viewer, is valid for that viewer as they are, and expires after the TTL', () => {
    const url = urls.urlFor(FILE, ANN);
    expect(url).toMatch(
      new RegExp(`^/files/${FILE.replace(/\./g, '\\.')}\\?expires=\\d+&viewer=user\\.\\w+&signature=`),
    );
    expect(urls.verify(FILE, query(url), annNow)).toBe('valid');
    clock += 900 * 1000;
    expect(urls.verify(FILE, query(url), annNow)).toBe('expired');
  });

  test.each<[string, (q: UrlSignature) => [string, UrlSignature, UrlViewer | null]]>([
    ['another file', (q) => ['Post.0000018c2f1e3a4b00001a2b.cover.0000000000000000', q, annNow]],
    ['a later expiry', (q) => [FILE, { ...q, expires: String(Number(q.expires) + 1) }, annNow]],
    ['a changed signature', (q) => [FILE, { ...q, signature: `${q.signature!.slice(0, -1)}A` }, annNow]],
    ['another viewer named', (q) => [FILE, { ...q, viewer: 'anonymous' }, { name: 'anonymous', version: '' }]],
    [
      'a viewer whose version changed (a password change, a sign-out everywhere)',
      (q) => [FILE, q, { ...annNow, version: 'v2' }],
    ],
    ['a viewer who is gone', (q) => [FILE, q, null]],
    ['no signature', (q) => [FILE, { ...q, signature: null }, annNow]],
    ['no expiry', (q) => [FILE, { ...q, expires: null }, annNow]],
    ['no viewer', (q) => [FILE, { ...q, viewer: null }, annNow]],
  ])('%s is invalid', (_name, change) => {
    expect(urls.verify(...change(query(urls.urlFor(FILE, ANN))))).toBe('invalid');
  });

  test('rotation: a new key signs while the old one still verifies; dropping the old key ends its URLs', () => {
    const old = createSignedFileUrls({ secrets: ['old'], ttlSeconds: 60, nameOf, now: () => clock });
    const rolling = createSignedFileUrls({
      secrets: ['new', 'old'],
      ttlSeconds: 60,
      nameOf,
      now: () => clock,
      publicUrl: 'https://api.example.com/',
    });
    const rotated = createSignedFileUrls({ secrets: ['new'], ttlSeconds: 60, nameOf, now: () => clock });
    const issued = query(old.urlFor(FILE, ANN));
    expect(rolling.verify(FILE, issued, annNow)).toBe('valid');
    expect(rotated.verify(FILE, issued, annNow)).toBe('invalid');
    expect(rotated.verify(FILE, query(rolling.urlFor(FILE, ANN)), annNow)).toBe('valid');
    expect(rolling.urlFor(FILE, ANN).startsWith('https://api.example.com/files/')).toBe(true);
  });
});
