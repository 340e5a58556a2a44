import { createSignedFileUrls } from './signedFileUrls';

const FILE = 'Post.0000018c2f1e3a4b00001a2b.cover.9f86d081884c7d65';

function query(url: string) {
  const params = new URL(url, 'http://x').searchParams;
  return [params.get('expires'), params.get('signature')] as const;
}

describe('signed file URLs', () => {
  let clock = 1_700_000_000_000;
  const links = createSignedFileUrls({ secrets: ['first secret'], ttlSeconds: 3600, now: () => clock });

  test('a fresh link is valid, and expires after the TTL', () => {
    const url = links.urlFor(FILE);
    expect(url.startsWith(`/files/${FILE}?expires=`)).toBe(true);
    expect(links.verify(FILE, ...query(url))).toBe('valid');
    clock += 3600 * 1000;
    expect(links.verify(FILE, ...query(url))).toBe('expired');
  });

  test.each([
    ['another file', (e: string, s: string) => ['Post.0000018c2f1e3a4b00001a2b.cover.0000000000000000', e, s]],
    ['a later expiry', (e: string, s: string) => [FILE, String(Number(e) + 1), s]],
    ['a changed signature', (e: string, s: string) => [FILE, e, `${s.slice(0, -1)}A`]],
    ['no signature', (e: string) => [FILE, e, null]],
    ['no expiry', (_e: string, s: string) => [FILE, null, s]],
  ])('%s is invalid', (_name, change) => {
    const [expires, signature] = query(links.urlFor(FILE));
    const [file, e, s] = change(expires!, signature!) as [string, string | null, string | null];
    expect(links.verify(file, e, s)).toBe('invalid');
  });

  test('URLs signed with an older secret still verify after rotation; a public URL prefixes them', () => {
    const old = createSignedFileUrls({ secrets: ['old'], ttlSeconds: 60, now: () => clock });
    const rotated = createSignedFileUrls({
      secrets: ['new', 'old'],
      ttlSeconds: 60,
      now: () => clock,
      publicUrl: 'https://api.example.com/',
    });
    expect(rotated.verify(FILE, ...query(old.urlFor(FILE)))).toBe('valid');
    expect(rotated.urlFor(FILE).startsWith('https://api.example.com/files/')).toBe(true);
  });
});
