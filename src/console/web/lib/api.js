/**
 * The console's only way to the server: GraphQL over HTTP at /graphql, as any client of the API
 * (docs/api.md), with the admin's token or a view-as token. Nothing else is fetched.
 */
const ENDPOINT = '/graphql';

/** The server did not answer with GraphQL (network down, a proxy's error page). */
export class ApiUnavailable extends Error {}

/** Called with the error when a token is refused (expired, revoked, ended). */
let onUnauthenticated = () => undefined;
export function whenUnauthenticated(handler) {
  onUnauthenticated = handler;
}

async function send(body, headers, token) {
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
  } catch (error) {
    throw new ApiUnavailable(`the server cannot be reached (${error.message})`);
  }
  let result;
  try {
    result = await response.json();
  } catch {
    throw new ApiUnavailable(`the server answered ${response.status} without GraphQL`);
  }
  const refused = result.errors?.find((error) => error.extensions?.code === 'UNAUTHENTICATED');
  if (refused) onUnauthenticated(refused, token);
  return { data: result.data ?? null, errors: result.errors ?? [] };
}

/** One GraphQL request: `{ data, errors }`, errors always an array. */
export function graphql(query, variables, token) {
  return send(JSON.stringify({ query, variables }), { 'content-type': 'application/json' }, token);
}

/**
 * A request with files, in the GraphQL multipart request format (docs/files.md): `files` maps a
 * variable path (`input.cover`) to a File. The preflight header is what the server requires of
 * multipart requests, against cross-site forms.
 */
export function graphqlWithFiles(query, variables, files, token) {
  const form = new FormData();
  const map = {};
  [...files.keys()].forEach((path, index) => (map[index] = [`variables.${path}`]));
  form.append('operations', JSON.stringify({ query, variables }));
  form.append('map', JSON.stringify(map));
  [...files.values()].forEach((file, index) => form.append(String(index), file));
  return send(form, { 'apollo-require-preflight': 'true' }, token);
}

/** Errors at a field of the object at `prefix` (`['page', 'edges', 3, 'node']`), by field name. */
export function errorsAt(errors, prefix) {
  const found = new Map();
  for (const error of errors) {
    const path = error.path ?? [];
    if (path.length !== prefix.length + 1 || prefix.some((step, i) => path[i] !== step)) continue;
    found.set(path[prefix.length], error);
  }
  return found;
}

/** Errors that are not about one field of one object: what a screen shows above its content. */
export function generalErrors(errors) {
  return errors.filter((error) => !(error.extensions?.code === 'FORBIDDEN' && (error.path ?? []).length > 1));
}

/**
 * Which of `names` (an input's fields) an error is about: a conflict's `fields`, a variable
 * coerced at `input.<name>`, or `<Type>.<name>` in the message, as the server words them.
 */
export function fieldOfError(error, names) {
  const candidates = [
    ...(error.extensions?.fields ?? []),
    ...[...error.message.matchAll(/"input\.(\w+)"/g)].map((match) => match[1]),
    ...[...error.message.matchAll(/[Ff]ield "(\w+)"/g)].map((match) => match[1]),
    ...[...error.message.matchAll(/\b[A-Z]\w*\.(\w+)\b/g)].map((match) => match[1]),
    ...[...error.message.matchAll(/\(([\w, ]+)\)/g)].flatMap((match) => match[1].split(', ')),
  ];
  for (const candidate of candidates) {
    if (names.includes(candidate)) return candidate;
    if (names.includes(`${candidate}Id`)) return `${candidate}Id`;
  }
  return undefined;
}

/** A user-facing line for an error: its message, and its code when it has one. */
export function describeError(error) {
  const code = error.extensions?.code;
  return code ? `${error.message} (${code})` : error.message;
}
