import type { ServerResponse } from 'node:http';

export function sendJson(response: ServerResponse, status: number, payload: unknown): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(payload));
}

/** One error with a code, in GraphQL's response format, as the HTTP layer answers what never reaches GraphQL. */
export function sendError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  sendJson(response, status, { errors: [{ message, extensions: { ...extensions, code } }] });
}
