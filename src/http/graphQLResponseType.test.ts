import { graphQLResponseType } from './graphQLResponseType';

const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE = 'application/graphql-response+json; charset=utf-8';

describe('graphQLResponseType', () => {
  test.each([
    [undefined, JSON_TYPE],
    ['', JSON_TYPE],
    ['*/*', JSON_TYPE],
    ['application/json', JSON_TYPE],
    ['application/*', JSON_TYPE],
    ['application/graphql-response+json', GRAPHQL_RESPONSE],
    ['application/graphql-response+json, application/json', GRAPHQL_RESPONSE],
    ['application/json, application/graphql-response+json', JSON_TYPE],
    ['application/json;q=0.5, application/graphql-response+json', GRAPHQL_RESPONSE],
    ['application/json; charset=utf-8', JSON_TYPE],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', JSON_TYPE],
    ['text/html', null],
    ['image/png, text/*', null],
    ['application/json;q=0', null],
    ['application/json; charset=latin1', null],
    ['*/*;q=0, application/json', JSON_TYPE],
    ['garbage', null],
  ])('Accept: %j → %j', (accept, expected) => {
    expect(graphQLResponseType(accept)).toBe(expected);
  });
});
