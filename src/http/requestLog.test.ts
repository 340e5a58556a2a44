import { MAX_REQUEST_ID_LENGTH, requestIdFrom, requestLogLine, type RequestLogNotes } from './requestLog';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  test.each<[string, string | string[] | undefined, string | RegExp]>([
    ['no header: a new UUID', undefined, UUID],
    [
      'a UUID from a load balancer is kept',
      '0f8fad5b-d9cb-469f-a165-70867728950e',
      '0f8fad5b-d9cb-469f-a165-70867728950e',
    ],
    [
      'a trace-style id is kept',
      'Root=1-67891233-abcdef012345678912345678',
      'Root=1-67891233-abcdef012345678912345678',
    ],
    ['the longest allowed is kept', 'a'.repeat(MAX_REQUEST_ID_LENGTH), 'a'.repeat(MAX_REQUEST_ID_LENGTH)],
    ['one past the limit is replaced', 'a'.repeat(MAX_REQUEST_ID_LENGTH + 1), UUID],
    ['empty is replaced', '', UUID],
    ['spaces are replaced', 'two words', UUID],
    ['a forged log line is replaced', 'x\n{"level":50}', UUID],
    ['quotes are replaced', 'a"b', UUID],
    ['a repeated header (an array) is replaced', ['a', 'b'], UUID],
  ])('%s', (_what, header, expected) => {
    const id = requestIdFrom(header);
    if (typeof expected === 'string') expect(id).toBe(expected);
    else expect(id).toMatch(expected);
  });
});

describe('requestLogLine', () => {
  const base = {
    requestId: 'r1',
    clientAddress: '203.0.113.7',
    method: 'POST',
    path: '/graphql',
    status: 200,
    ms: 1.5,
  };
  test.each<[string, RequestLogNotes, Record<string, unknown>]>([
    ['no notes: the request alone', {}, base],
    [
      'what the GraphQL layer noted',
      { operationName: 'Page', viewer: { kind: 'adminToken', id: 'ci' }, errorCodes: ['FORBIDDEN'] },
      { ...base, operationName: 'Page', viewer: { kind: 'adminToken', id: 'ci' }, errorCodes: ['FORBIDDEN'] },
    ],
    ['no errors: no errorCodes key', { operationName: 'Page', errorCodes: [] }, { ...base, operationName: 'Page' }],
  ])('%s', (_what, notes, expected) => {
    const line = requestLogLine({ ...base, notes });
    expect(line).toEqual(expected);
    expect(Object.keys(line)).toEqual(Object.keys(expected));
  });
});
