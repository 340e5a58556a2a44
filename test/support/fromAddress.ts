import { request } from 'node:http';
import type { GraphQLResponse } from './startTestServer';

/**
 * POSTs a GraphQL request from another loopback address (`127.0.0.2`, …), so the server sees
 * another client: what per-client limits are about. Linux routes all of 127/8 to loopback.
 */
export function postFrom(
  localAddress: string,
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('error', reject);
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode ?? 0, ...(JSON.parse(text) as Omit<GraphQLResponse, 'status'>) });
          } catch (error) {
            reject(error as Error);
          }
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
