import { MongoServerError } from 'mongodb';
import { indexBuildRefusalFrom } from './indexBuildErrors';

const serverError = (code: number, errmsg: string, extra: Record<string, unknown> = {}) =>
  new MongoServerError({ code, errmsg, ...extra });

describe('indexBuildRefusalFrom', () => {
  test.each<[string, unknown, { fields: string[]; reason: string; example?: unknown } | null]>([
    [
      'a duplicate key names the fields and the value',
      serverError(
        11000,
        'Index build failed: 4b3c: Collection app.Post ( 1a2b ) :: caused by :: E11000 duplicate key error collection: app.Post index: gk_Post__slug_unique dup key: { slug: "hello" }',
        { keyPattern: { slug: 1 }, keyValue: { slug: 'hello' } },
      ),
      { fields: ['slug'], reason: 'duplicates', example: 'hello' },
    ],
    [
      'without keyPattern the fields come from our index name',
      serverError(
        11000,
        'E11000 duplicate key error collection: app.Post index: gk_Post__org__slug_unique dup key: { org: "a", slug: "b" }',
      ),
      { fields: ['org', 'slug'], reason: 'duplicates' },
    ],
    [
      'a compound keyValue is kept whole',
      serverError(11000, 'E11000 duplicate key error', {
        keyPattern: { org: 1, slug: 1 },
        keyValue: { org: 'a', slug: 'b' },
      }),
      { fields: ['org', 'slug'], reason: 'duplicates', example: ['a', 'b'] },
    ],
    [
      'an index of that name with other options',
      serverError(
        86,
        'An existing index has the same name as the requested index. Requested index: { v: 2, key: { slug: 1 }, name: "gk_Post__slug" }',
      ),
      { fields: ['slug'], reason: 'conflict' },
    ],
    [
      'the same keys under another name',
      serverError(85, 'Index already exists with a different name: slug_1'),
      { fields: ['?'], reason: 'conflict' },
    ],
    ['another server error is not ours to explain', serverError(13, 'not authorized on app to execute command'), null],
    ['a plain error with the code', Object.assign(new Error('E11000'), { code: 11000 }), null],
    ['not an error', 'E11000', null],
  ])('%s', (_name, error, expected) => {
    const refusal = indexBuildRefusalFrom('Post', error);
    if (expected === null) {
      expect(refusal).toBeNull();
      return;
    }
    expect(refusal).toMatchObject({ name: 'IndexBuildRefused', collection: 'Post', ...expected });
    expect(refusal!.message).toContain('npm run schema -- check');
    expect(refusal!.message).not.toMatch(/E11000|caused by/);
  });
});
