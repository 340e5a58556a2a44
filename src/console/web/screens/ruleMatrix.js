import { h } from '../lib/dom.js';

const OPERATIONS = ['read', 'create', 'update', 'delete'];

/** A rule as a chip: its scope and whom it names, the full label on hover. */
function chip(rule) {
  const whom =
    rule.scope === 'ROLE'
      ? ` ${rule.roles.join(', ')}`
      : rule.scope === 'RELATION'
        ? ` ${rule.userFields.join(', ')}`
        : '';
  return h(
    'span',
    { class: ['chip', `scope-${rule.scope}`], title: rule.label },
    `${rule.scope}${whom}`,
    h('span', { class: 'rule-index' }, ` #${rule.index}`),
  );
}

/** Rows: the object as a whole, then each field; columns: the four operations. */
export function matrixOf(typeRules) {
  const granting = (operation, field) =>
    typeRules.rules.filter(
      (rule) =>
        rule.operations.includes(operation) &&
        (field === undefined ||
          rule.fields === null ||
          rule.fields.includes(field) ||
          (operation === 'read' && field === 'id')),
    );
  const cellOf = (rules) =>
    rules.length === 0 ? h('td', { class: 'nobody' }, 'admins only') : h('td', {}, rules.map(chip));
  return [
    h(
      'p',
      { class: 'hint' },
      `From ${typeRules.source}. Any rule in a cell grants it (the most lenient wins). Admin tokens and members of the admin role skip every rule.`,
    ),
    h(
      'table',
      { class: 'matrix' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'field'),
          OPERATIONS.map((op) => h('th', { scope: 'col' }, op)),
        ),
      ),
      h(
        'tbody',
        {},
        h(
          'tr',
          { class: 'whole' },
          h('th', { scope: 'row' }, `(any ${typeRules.type})`),
          OPERATIONS.map((op) => cellOf(granting(op))),
        ),
        typeRules.fields.map((field) =>
          h(
            'tr',
            { dataset: { field } },
            h('th', { scope: 'row' }, field),
            OPERATIONS.map((op) =>
              op === 'delete' ? h('td', { class: 'not-applicable' }, '·') : cellOf(granting(op, field)),
            ),
          ),
        ),
      ),
    ),
    h(
      'ol',
      { class: 'rule-list', start: 0 },
      typeRules.rules.map((rule) =>
        h(
          'li',
          {},
          chip(rule),
          ` grants ${rule.operations.join(', ')} on ${rule.fields ? rule.fields.join(', ') : 'every field'}`,
        ),
      ),
    ),
  ];
}
