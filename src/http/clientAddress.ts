import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { TrustProxy } from '../config/trustProxy';

/** The address of whoever sent `request`, read through the trusted proxies: what throttles count and logs show. */
export type ClientAddressOf = (request: IncomingMessage) => string;

/**
 * `X-Forwarded-For` is read from the right, one hop at a time, only while the hop that wrote
 * it is trusted (Fastify's and proxy-addr's rule): each proxy appends the address it received
 * the request from, so the entries right of the first untrusted hop are the trusted proxies'
 * own, and everything left of it is whatever the client chose to send. With nothing trusted
 * the header is never read.
 */
export function clientAddressFrom(trust: TrustProxy): ClientAddressOf {
  const trusted = trustedHop(trust);
  return (request) => {
    const peer = plainAddress(request.socket.remoteAddress ?? '');
    if (trust.kind === 'none') return peer;
    return addressThroughProxies(peer, forwardedFor(request.headers['x-forwarded-for']), trusted);
  };
}

/** The walk itself: `peer` is hop 0, the header's last entry hop 1, and so on leftwards. */
export function addressThroughProxies(
  peer: string,
  forwarded: readonly string[],
  trusted: (address: string, hop: number) => boolean,
): string {
  let address = peer;
  for (let hop = 0; hop < forwarded.length && trusted(address, hop); hop += 1) {
    const next = plainAddress(forwarded[forwarded.length - 1 - hop]);
    // A malformed entry (a proxy that writes ports or names) ends the walk at the last hop we could read.
    if (isIP(next) === 0) break;
    address = next;
  }
  return address;
}

function trustedHop(trust: TrustProxy): (address: string, hop: number) => boolean {
  switch (trust.kind) {
    case 'none':
      return () => false;
    case 'hops':
      return (_address, hop) => hop < trust.hops;
    case 'ranges': {
      const list = new BlockList();
      for (const range of trust.ranges) {
        const [address, prefix] = range.split('/');
        const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
        if (prefix === undefined) list.addAddress(address, family);
        else list.addSubnet(address, Number(prefix), family);
      }
      return (address) => {
        const family = isIP(address);
        return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
      };
    }
  }
}

function forwardedFor(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  return (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** `::ffff:10.0.0.1`, as a dual-stack socket reports an IPv4 peer, is `10.0.0.1`. */
function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}
