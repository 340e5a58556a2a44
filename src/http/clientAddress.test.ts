import type { IncomingMessage } from 'node:http';
import { parseTrustProxy, type TrustProxy } from '../config/trustProxy';
import { clientAddressFrom } from './clientAddress';

const request = (peer: string, forwardedFor?: string | string[]) =>
  ({ socket: { remoteAddress: peer }, headers: { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;
const trust = (text: string) => parseTrustProxy(text) as TrustProxy;

describe('clientAddressFrom: X-Forwarded-For read from the right, only through trusted hops', () => {
  test.each<[string, string, string, string | string[] | undefined, string]>([
    ['off: the header is never read', '', '203.0.113.9', '198.51.100.1', '203.0.113.9'],
    ["off: a dual-stack socket's IPv4 peer in plain form", '', '::ffff:203.0.113.9', undefined, '203.0.113.9'],
    ['one hop: the entry the proxy appended', '1', '10.0.0.2', '198.51.100.1', '198.51.100.1'],
    ['one hop: what the client wrote left of it is ignored', '1', '10.0.0.2', '6.6.6.6, 198.51.100.1', '198.51.100.1'],
    ['two hops: a CDN, then our proxy', '2', '10.0.0.2', '6.6.6.6, 198.51.100.1, 192.0.2.50', '198.51.100.1'],
    ['one hop, no header: the proxy itself', '1', '10.0.0.2', undefined, '10.0.0.2'],
    ['more hops than entries: the leftmost entry', '3', '10.0.0.2', '198.51.100.1', '198.51.100.1'],
    ['a repeated header counts as one list', '2', '10.0.0.2', ['6.6.6.6', '198.51.100.1, 192.0.2.50'], '198.51.100.1'],
    ["ranges: a trusted proxy's header is read", '10.0.0.0/8', '10.0.0.2', '198.51.100.1', '198.51.100.1'],
    ["ranges: an untrusted peer's header is ignored (a spoof)", '10.0.0.0/8', '203.0.113.9', '6.6.6.6', '203.0.113.9'],
    ['ranges: through a chain of trusted proxies', '10.0.0.0/8', '10.0.0.2', '198.51.100.1, 10.0.0.7', '198.51.100.1'],
    ['ranges: stops at the first untrusted hop', '10.0.0.0/8', '10.0.0.2', '6.6.6.6, 198.51.100.1', '198.51.100.1'],
    ['ranges: IPv6 proxies', 'fd00::/8', 'fd00::2', '2001:db8::1', '2001:db8::1'],
    [
      'ranges: a mapped IPv4 peer matches an IPv4 range',
      '10.0.0.0/8',
      '::ffff:10.0.0.2',
      '198.51.100.1',
      '198.51.100.1',
    ],
    ['a malformed entry ends the walk at the last readable hop', '1', '10.0.0.2', 'not-an-address', '10.0.0.2'],
  ])('%s', (_what, setting, peer, header, expected) => {
    expect(clientAddressFrom(trust(setting))(request(peer, header))).toBe(expected);
  });
});
