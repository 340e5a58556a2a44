import { h } from '../lib/dom.js';
import { formatSize, formatValue, masked } from '../lib/format.js';

const SYSTEM_FIELDS = ['createdAt', 'modifiedAt'];

/** The side list of models beside a type's screens. */
export function modelNav(consoleApi, current) {
  return h(
    'nav',
    { class: 'models', 'aria-label': 'types' },
    [...consoleApi.models.values()].map((model) =>
      h('a', { href: `#/data/${model.name}`, class: model.name === current ? 'current' : null }, model.name),
    ),
  );
}

/** The columns of a type's table: id, the app's fields, then createdAt and modifiedAt. */
export function tableColumns(model) {
  const shown = model.fields.filter((field) => field.kind !== 'toMany' && field.name !== 'id');
  return [
    model.fields.find((field) => field.name === 'id'),
    ...shown.filter((field) => !SYSTEM_FIELDS.includes(field.name)),
    ...shown.filter((field) => SYSTEM_FIELDS.includes(field.name)),
  ];
}

/**
 * One cell: a masked field says so; a to-one relation links to its object; a file shows its
 * name, type and size and links to its download.
 */
export function cell(consoleApi, model, field, node, fieldErrors) {
  const error = fieldErrors.get(field.name);
  if (error) return masked(error);
  const value = node[field.name];
  if (field.name === 'id')
    return h('a', { href: `#/data/${model.name}/${encodeURIComponent(value)}`, class: 'object-link' }, value);
  if (value === null || value === undefined) return formatValue(null);
  if (field.kind === 'toOne') {
    const target = consoleApi.models.get(field.target);
    const label = target && target.labelField !== 'id' ? value[target.labelField] : null;
    return h(
      'a',
      { href: `#/data/${field.target}/${encodeURIComponent(value.id)}`, class: 'relation-link' },
      label ?? value.id,
    );
  }
  if (field.kind === 'file')
    return h(
      'span',
      { class: 'file' },
      h('a', { href: value.url, download: value.name, class: 'download' }, value.name),
      ` ${value.contentType}, ${formatSize(value.size)}`,
    );
  return formatValue(value);
}
