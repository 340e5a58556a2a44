/**
 * Every element of the console is made here. Text always goes in as text nodes, never parsed as
 * HTML: a stored string holding markup or a script is shown as the characters it holds. There is
 * no innerHTML anywhere in the console (the linter holds that line).
 */

/** Properties set as properties, so a form control shows them (a textarea has no value attribute). */
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'multiple', 'hidden']);

/**
 * `h('a', { href: '#/users', class: 'nav' }, 'Users')`. `on<event>` props add listeners; `false`,
 * null and undefined props and children are left out; arrays of children are flattened.
 */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key === 'href') element.setAttribute('href', safeHref(String(value)));
    else if (PROPERTIES.has(key)) element[key] = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Appends children (nodes, or anything else as text). */
export function append(element, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces everything inside `element`. */
export function mount(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

/**
 * Links go to the console's own screens, to this server, or to http(s) URLs (a signed file URL
 * with PUBLIC_URL set): never `javascript:` or another scheme a stored value could carry.
 */
export function safeHref(url) {
  if (url.startsWith('#') || (url.startsWith('/') && !url.startsWith('//'))) return url;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : '#';
  } catch {
    return '#';
  }
}

/** A `<select>` of `options` (values, or `[value, label]` pairs) with `selected` chosen. */
export function select(props, options, selected) {
  return h(
    'select',
    props,
    options.map((option) => {
      const [value, label] = Array.isArray(option) ? option : [option, option];
      return h('option', { value, selected: value === selected }, label);
    }),
  );
}

/** A labelled form row: the label, the control, and a place for the server's error about it. */
export function fieldRow(label, control, hint) {
  const error = h('div', { class: 'field-error', role: 'alert' });
  const row = h(
    'div',
    { class: 'field' },
    h('label', {}, h('span', { class: 'label' }, label), control),
    hint ? h('div', { class: 'hint' }, hint) : null,
    error,
  );
  return { row, control, showError: (message) => mount(error, message ?? '') };
}

/** A message box: `kind` is `error`, `ok` or `note`. */
export function notice(kind, ...content) {
  return h('div', { class: ['notice', kind], role: kind === 'error' ? 'alert' : 'status' }, ...content);
}

/** A button that runs `action` once at a time, disabled meanwhile. */
export function actionButton(label, action, props = {}) {
  const button = h('button', { type: 'button', ...props }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await action();
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
