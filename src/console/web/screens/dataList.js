import { describeError, errorsAt, generalErrors } from '../lib/api.js';
import { h, mount, notice, select } from '../lib/dom.js';
import { formatCount } from '../lib/format.js';
import { selectionOf } from '../lib/schemaModel.js';
import { filterBar } from './filterBar.js';
import { cell, modelNav, tableColumns } from './objectCells.js';

const PAGE_SIZES = [10, 25, 50, 100];
const DEFAULT_PAGE_SIZE = 50;

/** Each type's filter, order and page, kept while the tab is open. */
const listStates = new Map();
function stateOf(type) {
  let state = listStates.get(type);
  if (!state) {
    state = { rows: [], where: null, orderField: '', direction: 'ASC', pageSize: DEFAULT_PAGE_SIZE, page: firstPage() };
    listStates.set(type, state);
  }
  return state;
}
const firstPage = () => ({ after: null, before: null, offset: 0 });

/** `#/data`: every model, to pick one. */
export function renderDataIndex(view, consoleApi) {
  mount(
    view,
    h('h1', {}, 'Data'),
    h('p', {}, 'Every @model type of the schema. Pick one to browse its objects.'),
    h(
      'ul',
      { class: 'model-list' },
      [...consoleApi.models.values()].map((model) => h('li', {}, h('a', { href: `#/data/${model.name}` }, model.name))),
    ),
  );
}

/** `#/data/<Type>`: the type's objects, a page at a time, filtered and ordered by the API. */
export async function renderDataList(view, consoleApi, type) {
  const model = consoleApi.models.get(type);
  if (!model) return mount(view, notice('error', `There is no type named ${type}.`));
  const state = stateOf(type);
  const columns = tableColumns(model);
  const tableBox = h('div', { class: 'table-box' });
  const pager = h('div', { class: 'pager' });
  const problems = h('div', { class: 'problems' });
  const readOnly = Boolean(consoleApi.viewingAs);

  const query = `query ConsoleList($first: Int, $after: String, $last: Int, $before: String, $where: ${type}WhereInput, $orderBy: [${type}OrderBy!]) {
  page: ${model.listField}(first: $first, after: $after, last: $last, before: $before, where: $where, orderBy: $orderBy) {
    totalCount
    pageInfo { startCursor endCursor }
    edges { node { ${selectionOf(model, consoleApi.models)} } }
  }
}`;

  async function load() {
    tableBox.setAttribute('aria-busy', 'true');
    const { page } = state;
    const backward = page.before !== null;
    const { data, errors } = await consoleApi.data(query, {
      [backward ? 'last' : 'first']: state.pageSize,
      after: page.after,
      before: page.before,
      where: state.where,
      orderBy: state.orderField ? [{ field: state.orderField, direction: state.direction }] : null,
    });
    tableBox.removeAttribute('aria-busy');
    mount(
      problems,
      generalErrors(errors).map((error) => notice('error', describeError(error))),
    );
    if (!data?.page) return mount(tableBox);
    const edges = data.page.edges;
    mount(tableBox, table(edges, errors));
    const first = page.offset + 1;
    const last = page.offset + edges.length;
    mount(
      pager,
      h(
        'span',
        { class: 'range' },
        edges.length === 0
          ? `None of ${formatCount(data.page.totalCount)}`
          : `${formatCount(first)}–${formatCount(last)} of ${formatCount(data.page.totalCount)}`,
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'previous',
          disabled: page.offset === 0,
          onclick: () => {
            state.page = {
              after: null,
              before: data.page.pageInfo.startCursor,
              offset: Math.max(0, page.offset - state.pageSize),
            };
            load();
          },
        },
        '← Previous',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'next',
          disabled: last >= data.page.totalCount,
          onclick: () => {
            state.page = { after: data.page.pageInfo.endCursor, before: null, offset: last };
            load();
          },
        },
        'Next →',
      ),
    );
  }

  function table(edges, errors) {
    return h(
      'table',
      { class: 'objects' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((field) => h('th', { scope: 'col' }, field.name)),
        ),
      ),
      h(
        'tbody',
        {},
        edges.map((edge, index) => {
          const fieldErrors = errorsAt(errors, ['page', 'edges', index, 'node']);
          return h(
            'tr',
            {},
            columns.map((field) =>
              h('td', { dataset: { field: field.name } }, cell(consoleApi, model, field, edge.node, fieldErrors)),
            ),
          );
        }),
      ),
    );
  }

  const restart = () => {
    state.page = firstPage();
    load();
  };
  const controls = h(
    'div',
    { class: 'list-controls' },
    filterBar(model, state, (where) => {
      state.where = where;
      restart();
    }),
    h(
      'div',
      { class: 'order' },
      h(
        'label',
        {},
        'Order by ',
        select(
          { class: 'order-field', onchange: (e) => ((state.orderField = e.target.value), restart()) },
          [['', 'createdAt (default)'], ...model.orderFields],
          state.orderField,
        ),
      ),
      select(
        {
          class: 'order-direction',
          'aria-label': 'direction',
          onchange: (e) => ((state.direction = e.target.value), restart()),
        },
        ['ASC', 'DESC'],
        state.direction,
      ),
      h(
        'label',
        {},
        'Page size ',
        select(
          { class: 'page-size', onchange: (e) => ((state.pageSize = Number(e.target.value)), restart()) },
          PAGE_SIZES.map(String),
          String(state.pageSize),
        ),
      ),
    ),
  );

  mount(
    view,
    h(
      'div',
      { class: 'with-models' },
      modelNav(consoleApi, type),
      h(
        'section',
        { class: 'list' },
        h(
          'div',
          { class: 'title-row' },
          h('h1', {}, model.plural),
          !readOnly && model.create ? h('a', { class: 'button', href: `#/data/${type}/new` }, `New ${type}`) : null,
        ),
        controls,
        problems,
        tableBox,
        pager,
      ),
    ),
  );
  await load();
}
