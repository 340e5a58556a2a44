import { describeError, fieldOfError, graphqlWithFiles } from '../lib/api.js';
import { fieldRow, h, mount, notice, select } from '../lib/dom.js';
import { inputValue } from '../lib/schemaModel.js';
import { session } from '../lib/session.js';
import { modelNav } from './objectCells.js';

/** Text longer than this is edited in a text area. */
const LONG_TEXT = 60;

/**
 * `#/data/<Type>/new` and `#/data/<Type>/<id>/edit`: a form built from the type's create or
 * update input (docs/api.md#writing). An edit sends only the fields changed (absent fields are
 * left alone, an emptied one is cleared with null); the server's errors are shown at the field
 * they name.
 */
export async function renderObjectForm(view, consoleApi, type, id) {
  const model = consoleApi.models.get(type);
  const inputs = model && (id ? model.update : model.create);
  if (!inputs) return mount(view, notice('error', `${type} cannot be ${id ? 'edited' : 'created'} through the API.`));
  if (consoleApi.viewingAs)
    return mount(view, notice('note', 'Viewing as someone is read-only: stop viewing as to edit.'));

  const current = id ? await currentValues(consoleApi, model, id) : {};
  if (current === null) return mount(view, notice('error', `No ${type} with id ${id}.`));

  const targets = new Map(model.fields.filter((f) => f.kind === 'toOne').map((f) => [`${f.name}Id`, f.target]));
  const rows = new Map(
    inputs.map((input) => [input.name, formRow(input, current[input.name], targets.get(input.name), Boolean(id))]),
  );
  const general = h('div', { class: 'form-errors' });

  async function submit(event) {
    event.preventDefault();
    mount(general);
    for (const row of rows.values()) row.showError(null);
    const input = id ? { id } : {};
    const files = new Map();
    let invalid = false;
    for (const spec of inputs) {
      const row = rows.get(spec.name);
      if (spec.kind === 'upload') {
        const file = row.control.files?.[0];
        if (file) {
          files.set(`input.${spec.name}`, file);
          input[spec.name] = null;
        } else if (row.clear?.checked) input[spec.name] = null;
        continue;
      }
      const text = row.control.value;
      if (id ? text === (current[spec.name] ?? '') : text === '') continue;
      if (text === '') input[spec.name] = null;
      else if (spec.type === 'JSON') {
        try {
          input[spec.name] = JSON.parse(text);
        } catch {
          row.showError('not valid JSON');
          invalid = true;
        }
      } else input[spec.name] = spec.kind === 'enum' ? text : inputValue(spec.type, text);
    }
    if (invalid) return;
    const operation = id ? `update${type}` : `create${type}`;
    const mutation = `mutation ConsoleSave($input: ${id ? 'Update' : 'Create'}${type}Input!) { ${operation}(input: $input) { changed${type} { id } } }`;
    const { data, errors } =
      files.size > 0
        ? await graphqlWithFiles(mutation, { input }, files, session.token)
        : await consoleApi.admin(mutation, { input });
    const names = inputs.map((spec) => spec.name);
    for (const error of errors) {
      const field = fieldOfError(error, names);
      if (field) rows.get(field).showError(describeError(error));
      else mount(general, notice('error', describeError(error)));
    }
    const saved = data?.[operation]?.[`changed${type}`];
    if (errors.length === 0) window.location.hash = `#/data/${type}/${encodeURIComponent(saved?.id ?? id ?? '')}`;
  }

  mount(
    view,
    h(
      'div',
      { class: 'with-models' },
      modelNav(consoleApi, type),
      h(
        'section',
        { class: 'object-form' },
        h('h1', {}, id ? `Edit ${type}` : `New ${type}`),
        general,
        h(
          'form',
          { onsubmit: submit, class: 'edit-form' },
          [...rows.values()].map((row) => row.row),
          h(
            'div',
            { class: 'actions' },
            h('button', { type: 'submit' }, id ? 'Save' : `Create ${type}`),
            h('a', { href: id ? `#/data/${type}/${encodeURIComponent(id)}` : `#/data/${type}` }, 'Cancel'),
          ),
        ),
      ),
    ),
  );
}

/** The object's values as the form shows them: text per input field (`authorId` from `author`). */
async function currentValues(consoleApi, model, id) {
  const selection = model.fields
    .map((field) =>
      field.kind === 'scalar'
        ? field.name
        : field.kind === 'toOne'
          ? `${field.name} { id }`
          : field.kind === 'file'
            ? `${field.name} { name }`
            : null,
    )
    .filter(Boolean)
    .join(' ');
  const { data } = await consoleApi.admin(
    `query ConsoleEdit($id: ID!) { node(id: $id) { ... on ${model.name} { ${selection} } } }`,
    { id },
  );
  if (!data?.node) return null;
  const values = {};
  for (const field of model.fields) {
    const value = data.node[field.name];
    if (value === null || value === undefined) continue;
    if (field.kind === 'toOne') values[`${field.name}Id`] = value.id;
    else if (field.kind === 'file') values[field.name] = value.name;
    else values[field.name] = typeof value === 'object' ? JSON.stringify(value, null, 2) : String(value);
  }
  return values;
}

/** One input field's row: the control its type calls for, and where its error goes. */
function formRow(spec, value = '', target, editing) {
  const label = `${spec.name}${spec.required ? ' *' : ''}`;
  const props = { name: spec.name, class: 'input' };
  if (spec.kind === 'upload') {
    const clear = spec.required ? null : h('input', { type: 'checkbox', name: `${spec.name}-clear` });
    const row = fieldRow(label, h('input', { ...props, type: 'file' }), [
      value ? `Now: ${value}. ` : 'No file. ',
      clear ? h('label', { class: 'inline' }, clear, ' remove the file') : null,
    ]);
    return { ...row, clear };
  }
  if (spec.kind === 'enum') return fieldRow(label, select(props, ['', ...spec.values], value));
  if (spec.type === 'Boolean') return fieldRow(label, select(props, [['', '(not set)'], 'true', 'false'], value));
  if (spec.name === 'password')
    return fieldRow(
      label,
      h('input', { ...props, type: 'password', autocomplete: 'new-password' }),
      editing ? 'Leave empty to keep it. 8 to 72 bytes.' : '8 to 72 bytes.',
    );
  if (spec.type === 'JSON' || value.length > LONG_TEXT || value.includes('\n'))
    return fieldRow(label, h('textarea', { ...props, rows: spec.type === 'JSON' ? 6 : 4, value }));
  const hint = target ? `the id of a ${target}` : spec.type === 'DateTime' ? 'like 2026-01-31T12:00:00Z' : null;
  return fieldRow(
    label,
    h('input', { ...props, value, inputmode: spec.type === 'Int' || spec.type === 'Float' ? 'decimal' : null }),
    hint,
  );
}
