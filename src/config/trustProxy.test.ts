import { parseTrustProxy, type TrustProxy } from './trustProxy';

describe('parseTrustProxy: TRUST_PROXY as Fastify reads trustProxy, minus "trust everyone"', () => {
  test.each<[string | undefined, TrustProxy]>([
    [undefined, { kind: 'none' }],
    ['', { kind: 'none' }],
    ['false', { kind: 'none' }],
    ['0', { kind: 'none' }],
    ['1', { kind: 'hops', hops: 1 }],
    ['2', { kind: 'hops', hops: 2 }],
    ['10.0.0.1', { kind: 'ranges', ranges: ['10.0.0.1'] }],
    ['10.0.0.0/8, 2001:db8::/32', { kind: 'ranges', ranges: ['10.0.0.0/8', '2001:db8::/32'] }],
    ['loopback', { kind: 'ranges', ranges: ['127.0.0.0/8', '::1/128'] }],
    [
      'uniquelocal,192.0.2.10',
      { kind: 'ranges', ranges: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', '192.0.2.10'] },
    ],
  ])('%j', (text, expected) => {
    expect(parseTrustProxy(text)).toEqual(expected);
  });

  test.each([
    ['true', /any client choose its address/],
    ['proxy.internal', /"proxy.internal" is not an address/],
    ['10.0.0.0/33', /"10.0.0.0\/33" is not an address/],
    ['::1/129', /is not an address/],
    ['10.0.0.0/8/1', /is not an address/],
    ['1.5', /is not an address/],
  ])('%j is refused', (text, message) => {
    expect(parseTrustProxy(text)).toMatch(message);
  });
});
