import { describeError, errorsAt, generalErrors } from '../lib/api.js';
import { actionButton, h, mount, notice } from '../lib/dom.js';
import { formatCount, masked } from '../lib/format.js';
import { selectionOf } from '../lib/schemaModel.js';
import { cell, modelNav } from './objectCells.js';

/** How many objects of each to-many relation one object's page lists. */
const RELATED_SHOWN = 10;

/** `#/data/<Type>/<id>`: one object, every field, its related objects, and what to do with it. */
export async function renderObject(view, consoleApi, type, id) {
  const model = consoleApi.models.get(type);
  if (!model) return mount(view, notice('error', `There is no type named ${type}.`));
  const { data, errors } = await consoleApi.data(
    `query ConsoleObject($id: ID!) { node(id: $id) { ... on ${type} { ${selectionOf(model, consoleApi.models, { withLists: true, listSize: RELATED_SHOWN })} } } }`,
    { id },
  );
  const body = h('section', { class: 'object' });
  mount(view, h('div', { class: 'with-models' }, modelNav(consoleApi, type), body));
  const problems = generalErrors(errors).map((error) => notice('error', describeError(error)));
  const node = data?.node;
  if (!node) {
    const who = consoleApi.viewingAs ? consoleApi.viewingAs.label : 'you';
    return mount(body, h('h1', {}, type), problems, notice('note', `No ${type} with id ${id} that ${who} can see.`));
  }
  const fieldErrors = errorsAt(errors, ['node']);
  const label = model.labelField !== 'id' ? node[model.labelField] : null;
  const readOnly = Boolean(consoleApi.viewingAs);
  const status = h('div', { class: 'status' });

  const rows = model.fields.map((field) => {
    const value =
      field.kind === 'toMany'
        ? related(consoleApi, field, node[field.name], fieldErrors.get(field.name))
        : cell(consoleApi, model, field, node, fieldErrors);
    return [h('dt', {}, field.name), h('dd', { dataset: { field: field.name } }, value)];
  });

  const confirmBox = h('span', { class: 'confirm' });
  const askDelete = () =>
    mount(
      confirmBox,
      `Delete this ${type}? `,
      actionButton(
        'Delete',
        async () => {
          const result = await consoleApi.admin(
            `mutation ConsoleDelete($input: Delete${type}Input!) { delete${type}(input: $input) { deletedId } }`,
            { input: { id } },
          );
          if (result.errors.length > 0)
            return mount(
              status,
              result.errors.map((error) => notice('error', describeError(error))),
            );
          window.location.hash = `#/data/${type}`;
        },
        { class: 'danger' },
      ),
      h('button', { type: 'button', class: 'quiet', onclick: () => mount(confirmBox) }, 'Cancel'),
    );

  mount(
    body,
    h('div', { class: 'title-row' }, h('h1', {}, `${type} `, h('span', { class: 'object-label' }, label ?? id))),
    problems,
    h(
      'div',
      { class: 'actions' },
      readOnly || !model.update
        ? null
        : h('a', { class: 'button', href: `#/data/${type}/${encodeURIComponent(id)}/edit` }, 'Edit'),
      readOnly || !model.canDelete
        ? null
        : h('button', { type: 'button', class: 'danger', onclick: askDelete }, 'Delete…'),
      confirmBox,
      readOnly
        ? null
        : h('a', { href: `#/rules?type=${type}&object=${encodeURIComponent(id)}` }, 'Explain access to it'),
      readOnly || type !== 'User' ? null : h('a', { href: `#/users/${encodeURIComponent(id)}` }, 'Roles and password'),
    ),
    status,
    h('dl', { class: 'fields' }, rows),
  );
}

/** A to-many relation: how many, and the first few, each a link. */
function related(consoleApi, field, connection, error) {
  if (error) return masked(error);
  if (!connection) return h('span', { class: 'empty' }, '—');
  const target = consoleApi.models.get(field.target);
  const items = connection.edges.map((edge) => edge.node).filter(Boolean);
  return h(
    'div',
    { class: 'related' },
    h(
      'span',
      { class: 'count' },
      `${formatCount(connection.totalCount)} ${connection.totalCount === 1 ? field.target : (target?.plural ?? field.target)}`,
    ),
    connection.totalCount > items.length ? h('span', { class: 'hint' }, ` (the first ${items.length} shown)`) : null,
    h(
      'ul',
      {},
      items.map((item) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: `#/data/${field.target}/${encodeURIComponent(item.id)}` },
            (target && item[target.labelField]) ?? item.id,
          ),
        ),
      ),
    ),
  );
}
