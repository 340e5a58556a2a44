import { diffSnapshots, type SchemaChange } from './diffSnapshots';
import type { FieldShape, SchemaSnapshot } from './SchemaSnapshot';

const text: FieldShape = { type: 'String', required: false, unique: false };
const snapshot = (fields: Record<string, FieldShape>, extra: Partial<SchemaSnapshot> = {}): SchemaSnapshot => ({
  models: { Note: { collection: 'Note', fields } },
  links: {},
  ...extra,
});
const at = { model: 'Note', collection: 'Note' };

describe('diffSnapshots', () => {
  test.each<[string, SchemaSnapshot | undefined, SchemaSnapshot, SchemaChange[]]>([
    ['nothing changed', snapshot({ code: text }), snapshot({ code: text }), []],
    [
      '@unique added',
      snapshot({ code: text }),
      snapshot({ code: { ...text, unique: true } }),
      [{ kind: 'uniqueAdded', ...at, field: 'code' }],
    ],
    ['@unique dropped is always safe', snapshot({ code: { ...text, unique: true } }), snapshot({ code: text }), []],
    [
      'a new required field',
      snapshot({}),
      snapshot({ rank: { type: 'Int', required: true, unique: false } }),
      [{ kind: 'requiredAdded', ...at, field: 'rank' }],
    ],
    [
      'an optional field made required, with its default',
      snapshot({ rank: { type: 'Int', required: false, unique: false } }),
      snapshot({ rank: { type: 'Int', required: true, unique: false, defaultValue: 1 } }),
      [{ kind: 'requiredAdded', ...at, field: 'rank', defaultValue: 1 }],
    ],
    ['a new optional field', snapshot({}), snapshot({ code: text }), []],
    ['a field removed', snapshot({ code: text }), snapshot({}), [{ kind: 'fieldRemoved', ...at, field: 'code' }]],
    [
      'a type changed',
      snapshot({ code: text }),
      snapshot({ code: { ...text, type: 'Int' } }),
      [{ kind: 'typeChanged', ...at, field: 'code', from: 'String', to: 'Int' }],
    ],
    [
      'Int to Float is a widening',
      snapshot({ n: { ...text, type: 'Int' } }),
      snapshot({ n: { ...text, type: 'Float' } }),
      [],
    ],
    [
      'anything to JSON is a widening',
      snapshot({ n: { ...text, type: 'Boolean' } }),
      snapshot({ n: { ...text, type: 'JSON' } }),
      [],
    ],
    [
      'a reference to another type is a change',
      snapshot({ owner: { ...text, type: '->User' } }),
      snapshot({ owner: { ...text, type: '->Team' } }),
      [{ kind: 'typeChanged', ...at, field: 'owner', from: '->User', to: '->Team' }],
    ],
    [
      'a reference is not widened to JSON',
      snapshot({ owner: { ...text, type: '->User' } }),
      snapshot({ owner: { ...text, type: 'JSON' } }),
      [{ kind: 'typeChanged', ...at, field: 'owner', from: '->User', to: 'JSON' }],
    ],
    [
      'a type removed',
      snapshot({}),
      { models: {}, links: {} },
      [{ kind: 'modelRemoved', model: 'Note', collection: 'Note' }],
    ],
    [
      'a new type has no data to check',
      { models: {}, links: {} },
      snapshot({ code: { ...text, unique: true, required: true } }),
      [],
    ],
    [
      'a many-to-many relation removed',
      snapshot({}, { links: { NoteTags: { collection: '_link_NoteTags' } } }),
      snapshot({}),
      [{ kind: 'linksRemoved', relation: 'NoteTags', collection: '_link_NoteTags' }],
    ],
    [
      'no snapshot: every unique and required field is checked',
      undefined,
      snapshot({ code: { ...text, unique: true }, title: { ...text, required: true }, body: text }),
      [
        { kind: 'uniqueAdded', ...at, field: 'code' },
        { kind: 'requiredAdded', ...at, field: 'title' },
      ],
    ],
  ])('%s', (_name, previous, current, expected) => {
    expect(diffSnapshots(previous, current)).toEqual(expected);
  });
});
