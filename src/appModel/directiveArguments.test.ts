import { loadAppModel } from './loadAppModel';

/** A one-field model whose second line holds the field under test. */
const withField = (field: string) => `type Thing @model {\n  ${field}\n}`;
const defaultOf = (field: string) => {
  const found = loadAppModel(withField(field), 'app.graphql').models.get('Thing')!.fields.get('x');
  return found?.kind === 'scalar' ? found.defaultValue : undefined;
};

describe('directive arguments are checked against the field at load (docs/schema.md#mistakes)', () => {
  test.each([
    ['x: Int @default(value: "x")', 'Thing.x: @default(value: "x") is not a 32-bit integer, which a Int field needs'],
    ['x: Int @default(value: 1.5)', 'Thing.x: @default(value: 1.5) is not a 32-bit integer'],
    ['x: Int @default(value: 3000000000)', 'Thing.x: @default(value: 3000000000) is not a 32-bit integer'],
    ['x: Float @default(value: "1")', 'Thing.x: @default(value: "1") is not a number, which a Float field needs'],
    ['x: String @default(value: 5)', 'Thing.x: @default(value: 5) is not a string, which a String field needs'],
    ['x: String @default(value: RED)', 'Thing.x: @default(value: RED) is not a string'],
    ['x: ID @default(value: 7)', 'Thing.x: @default(value: 7) is not a string, which a ID field needs'],
    ['x: Boolean @default(value: "true")', 'Thing.x: @default(value: "true") is not true or false'],
    ['x: DateTime @default(value: "yesterday")', 'Thing.x: @default(value: "yesterday") is not an ISO-8601 date'],
    [
      'x: DateTime @default(value: "2026-01-31T12:00:00")',
      'Thing.x: @default(value: "2026-01-31T12:00:00") is not an ISO-8601 date and time with a time zone',
    ],
    ['x: String @default(value: null)', 'Thing.x: @default(value: null) is not a string'],
    ['x: JSON @default(value: null)', 'Thing.x: @default(value: null) is not a JSON value other than null'],
    ['x: Int @default(value: 1, value: 2)', 'Thing.x: @default(value:) is given twice'],
    ['x: Int @default(val: 1)', 'Thing.x: @default has no argument val (it takes value)'],
    ['x: String @unique(sparse: true)', 'Thing.x: @unique takes no arguments'],
    ['x: String @unique @unique', 'Thing.x: @unique is given twice'],
    ['x: User @relation(name: 5)', "Thing.x: @relation(name:) takes the relation's name as a string"],
    ['x: User @relation(name: "R", onDelete: CASCADE)', 'Thing.x: @relation has no argument onDelete (it takes name)'],
  ])('%s is refused with file, line and field', (field, reason) => {
    expect(() => loadAppModel(withField(field), 'app.graphql')).toThrow(`app.graphql:2: ${reason}`);
  });

  test('arguments of @model are refused at the type’s line', () => {
    expect(() => loadAppModel('type Thing @model(table: "things") { x: Int }', 'app.graphql')).toThrow(
      'app.graphql:1: Thing: @model takes no arguments',
    );
  });

  test.each([
    ['x: Int @default(value: -5)', -5],
    ['x: Float @default(value: 2)', 2],
    ['x: Float @default(value: 2.5)', 2.5],
    ['x: String @default(value: "draft")', 'draft'],
    ['x: ID @default(value: "none")', 'none'],
    ['x: Boolean @default(value: false)', false],
    // Stored as every DateTime is: UTC with milliseconds, so it sorts and compares as text.
    ['x: DateTime @default(value: "2026-01-31T13:00:00+01:00")', '2026-01-31T12:00:00.000Z'],
    ['x: JSON @default(value: { tags: ["a"], n: 1 })', { tags: ['a'], n: 1 }],
  ])('%s is stored as %p', (field, value) => {
    expect(defaultOf(field)).toEqual(value);
  });
});
