import { h, mount, select } from '../lib/dom.js';
import { inputValue } from '../lib/schemaModel.js';

/**
 * The `where` of a list as rows of field, operator and value, AND-ed (docs/api.md#filtering).
 * Only the operators the API offers for each field are listed. `state.rows` keeps the rows
 * across visits; `onApply(where)` runs the list again, `where` null when there is no row.
 */
export function filterBar(model, state, onApply) {
  const rowsBox = h('div', { class: 'filter-rows' });
  const filtersByField = new Map(model.filters.map((filter) => [filter.field, filter]));

  function draw() {
    mount(
      rowsBox,
      state.rows.map((row, index) => {
        const filter = filtersByField.get(row.field) ?? model.filters[0];
        const operator = filter.operators.find((op) => op.name === row.operator) ?? filter.operators[0];
        row.field = filter.field;
        row.operator = operator.name;
        const valueControl =
          operator.type === 'Boolean'
            ? select(
                { class: 'filter-value', onchange: (e) => (row.value = e.target.value) },
                ['true', 'false'],
                row.value || 'true',
              )
            : h('input', {
                class: 'filter-value',
                value: row.value,
                placeholder: operator.list ? 'values, comma-separated' : operator.type,
                oninput: (e) => (row.value = e.target.value),
                onkeydown: (e) => e.key === 'Enter' && apply(),
              });
        if (operator.type === 'Boolean' && !row.value) row.value = 'true';
        return h(
          'div',
          { class: 'filter-row' },
          select(
            { class: 'filter-field', 'aria-label': 'field', onchange: (e) => ((row.field = e.target.value), draw()) },
            model.filters.map((f) => f.field),
            filter.field,
          ),
          select(
            {
              class: 'filter-operator',
              'aria-label': 'operator',
              onchange: (e) => ((row.operator = e.target.value), draw()),
            },
            filter.operators.map((op) => op.name),
            operator.name,
          ),
          valueControl,
          h(
            'button',
            { type: 'button', class: 'quiet', title: 'Remove', onclick: () => (state.rows.splice(index, 1), draw()) },
            '×',
          ),
        );
      }),
    );
  }

  function whereOf() {
    const conditions = state.rows.map((row) => {
      const operator = filtersByField.get(row.field).operators.find((op) => op.name === row.operator);
      const value = operator.list
        ? row.value
            .split(',')
            .map((part) => part.trim())
            .filter((part) => part !== '')
            .map((part) => inputValue(operator.type, part))
        : inputValue(operator.type, row.value);
      return { [row.field]: { [row.operator]: value } };
    });
    return conditions.length === 0 ? null : conditions.length === 1 ? conditions[0] : { AND: conditions };
  }

  function apply() {
    onApply(whereOf());
  }

  draw();
  return h(
    'div',
    { class: 'filter-bar' },
    h('span', { class: 'label' }, 'Filter'),
    rowsBox,
    h(
      'button',
      {
        type: 'button',
        class: 'quiet',
        onclick: () => (state.rows.push({ field: model.filters[0].field, operator: '', value: '' }), draw()),
      },
      '+ condition',
    ),
    h('button', { type: 'button', class: 'apply-filter', onclick: apply }, 'Apply'),
    h('button', { type: 'button', class: 'quiet', onclick: () => ((state.rows = []), draw(), apply()) }, 'Clear'),
  );
}
