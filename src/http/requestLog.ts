import { randomUUID } from 'node:crypto';

/** Longer incoming `x-request-id` values are replaced, as are ones with other characters. */
export const MAX_REQUEST_ID_LENGTH = 128;

const WELL_FORMED_REQUEST_ID = new RegExp(`^[A-Za-z0-9._:+=/-]{1,${MAX_REQUEST_ID_LENGTH}}$`);

/**
 * The request's id: the caller's `x-request-id` when it is well formed (a load balancer or a
 * client tracing one action through several services), else a new UUID. Anything else is
 * replaced rather than logged, so a header cannot forge log lines or carry a payload.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && WELL_FORMED_REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * What the GraphQL layer learns about a request that the HTTP log line should carry. The HTTP
 * server makes one per request; the request handling fills it in; the log line reads it.
 */
export interface RequestLogNotes {
  operationName?: string;
  viewer?: { kind: string; id?: string };
  /** `extensions.code` of every error in the response, in order, repeats removed. */
  errorCodes?: string[];
}

/** The `request` log line: who asked what, how it ended, and how long it took. */
export function requestLogLine(fields: {
  requestId: string;
  /** Through the trusted proxies (`TRUST_PROXY`): the address the login throttle counts. */
  clientAddress: string;
  method: string | undefined;
  path: string | undefined;
  status: number;
  ms: number;
  notes: RequestLogNotes;
}): Record<string, unknown> {
  // Built field by field: one per request, and object spreads cost a copy each.
  const { notes } = fields;
  const line: Record<string, unknown> = {
    requestId: fields.requestId,
    clientAddress: fields.clientAddress,
    method: fields.method,
    path: fields.path,
    status: fields.status,
    ms: fields.ms,
  };
  if (notes.operationName) line.operationName = notes.operationName;
  if (notes.viewer) line.viewer = notes.viewer;
  if (notes.errorCodes && notes.errorCodes.length > 0) line.errorCodes = notes.errorCodes;
  return line;
}
