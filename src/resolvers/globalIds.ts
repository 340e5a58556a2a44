import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { userError } from '../errors';

export { toGlobalId };

const STORED_ID = /^[0-9a-f]{24}$/;

/**
 * Decodes a Relay global id (docs/api.md) and checks it names one of `types`. Anything else,
 * including a well-formed id of another type, is a `BAD_USER_INPUT` error.
 */
export function decodeGlobalId(globalId: string, types?: readonly string[]): { type: string; id: string } {
  let decoded: { type: string; id: string };
  try {
    decoded = fromGlobalId(globalId);
  } catch {
    throw badId(globalId);
  }
  if (!STORED_ID.test(decoded.id) || (types && !types.includes(decoded.type))) throw badId(globalId, types);
  return decoded;
}

function badId(globalId: string, types?: readonly string[]) {
  const shown = globalId.length > 64 ? `${globalId.slice(0, 64)}…` : globalId;
  return userError('BAD_USER_INPUT', `"${shown}" is not a valid ${types ? `${types.join(' or ')} ` : ''}id`);
}
