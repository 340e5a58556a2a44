import { isIP } from 'node:net';

/**
 * Which proxies in front of the server may say who the client is (`X-Forwarded-For`), as
 * Fastify's and Express's `trustProxy`: none; the nearest `hops` proxies; or the proxies whose
 * addresses fall in `ranges` (CIDRs or single addresses, IPv4 or IPv6).
 */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'ranges'; ranges: string[] };

/** Named ranges, as proxy-addr (Express, Fastify) names them: where a proxy on the same host or network sits. */
export const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/**
 * `TRUST_PROXY` → `TrustProxy`, or a message saying what is wrong. Unset, empty, `false` and
 * `0` trust no one; a number counts hops; anything else is a comma-separated list of addresses,
 * CIDRs and the names of `NAMED_RANGES`. `true` (trust every hop) is refused: any client could
 * then choose its own address by sending the header.
 */
export function parseTrustProxy(text: string | undefined): TrustProxy | string {
  const value = (text ?? '').trim();
  if (value === '' || value === 'false' || value === '0') return { kind: 'none' };
  if (/^\d+$/.test(value)) return { kind: 'hops', hops: Number(value) };
  if (value === 'true')
    return "true would let any client choose its address: give a hop count (1) or the proxies' addresses";
  const ranges: string[] = [];
  for (const entry of value.split(',').map((part) => part.trim())) {
    if (NAMED_RANGES[entry]) ranges.push(...NAMED_RANGES[entry]);
    else if (isRange(entry)) ranges.push(entry);
    else return `"${entry}" is not an address, a CIDR (10.0.0.0/8), or one of ${Object.keys(NAMED_RANGES).join(', ')}`;
  }
  return { kind: 'ranges', ranges };
}

function isRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
