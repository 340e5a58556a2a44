import { describeError, graphql, whenUnauthenticated } from './lib/api.js';
import { h, mount, notice } from './lib/dom.js';
import { readModels } from './lib/schemaModel.js';
import { session } from './lib/session.js';
import { renderSignIn } from './screens/signIn.js';
import { renderDataIndex, renderDataList } from './screens/dataList.js';
import { renderObject } from './screens/objectView.js';
import { renderObjectForm } from './screens/objectForm.js';
import { renderUsers, renderUser } from './screens/users.js';
import { renderRoles, renderRole } from './screens/roles.js';
import { renderAdminTokens } from './screens/adminTokens.js';
import { renderRules } from './screens/rules.js';
import { renderLive } from './screens/live.js';
import { renderSchema } from './screens/schema.js';

/**
 * The console's shell: sign-in, the header and navigation, and the screens by address
 * (`#/data/Post`, `#/users/<id>`, …). Each screen gets a `console` object: the models read from
 * the API, `admin(query, variables)` with the admin's token, and `data(query, variables)`, which
 * runs as the viewed-as user while "view as" is on.
 */
const root = document.getElementById('app');
let models = null;
/** Set by a screen that holds something open (a live subscription), run when it is left. */
let leaveScreen = null;
/** Shown once on the next screen (why the session ended). */
let pendingNotice = null;

const NAV = [
  ['data', 'Data'],
  ['users', 'Users'],
  ['roles', 'Roles'],
  ['tokens', 'Admin tokens'],
  ['rules', 'Rules'],
  ['live', 'Live'],
  ['schema', 'Schema'],
];

whenUnauthenticated((error, token) => {
  const viewAs = session.viewAs;
  if (viewAs && token === viewAs.token) {
    session.stopViewAs();
    pendingNotice = notice('note', `Viewing as ${viewAs.label} ended: ${error.message}`);
    queueMicrotask(route);
  } else if (token && token === session.token) {
    session.signOut();
    models = null;
    pendingNotice = notice('error', `Signed out: ${error.message}`);
    queueMicrotask(route);
  }
});

const consoleApi = {
  get models() {
    return models;
  },
  admin: (query, variables) => graphql(query, variables, session.token),
  data: (query, variables) => graphql(query, variables, session.viewAs?.token ?? session.token),
  get viewingAs() {
    return session.viewAs;
  },
  onLeave(cleanup) {
    leaveScreen = cleanup;
  },
  /** After signing in, or to leave "view as". */
  refresh: () => route(),
  async signedIn(token, label) {
    const loaded = await loadModels(token);
    if (loaded.error) return loaded.error;
    session.signIn(token, label);
    models = loaded.models;
    if (!window.location.hash || window.location.hash === '#/') window.location.hash = '#/data';
    else route();
    return null;
  },
};

/** The schema, once per sign-in: it also proves the token is an admin's. */
async function loadModels(token) {
  const { data, errors } = await graphql('{ schemaIntrospection }', {}, token);
  if (errors.length > 0) {
    const [error] = errors;
    return {
      error:
        error.extensions?.code === 'FORBIDDEN'
          ? 'Signed in, but this account is not an admin: the console needs an admin token or a member of the admin role.'
          : describeError(error),
    };
  }
  return { models: readModels(data.schemaIntrospection) };
}

function header() {
  const viewAs = session.viewAs;
  return h(
    'header',
    { class: 'top' },
    h('a', { class: 'brand', href: '#/data' }, 'Graphkeep console'),
    h(
      'nav',
      {},
      NAV.map(([path, label]) =>
        h('a', { href: `#/${path}`, class: currentScreen() === path ? 'current' : null }, label),
      ),
    ),
    h(
      'div',
      { class: 'who' },
      h('span', {}, `Signed in as ${session.label}`),
      h(
        'button',
        {
          type: 'button',
          class: 'quiet',
          onclick: () => {
            session.signOut();
            models = null;
            route();
          },
        },
        'Sign out',
      ),
    ),
    viewAs
      ? h(
          'div',
          { class: 'view-as-banner', role: 'status' },
          `Viewing the data as ${viewAs.label} — read-only, until ${viewAs.expiresAt.slice(11, 16)} UTC.`,
          h(
            'button',
            {
              type: 'button',
              onclick: () => {
                session.stopViewAs();
                route();
              },
            },
            'Stop viewing as',
          ),
        )
      : null,
  );
}

function currentScreen() {
  return window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] || 'data';
}

/** `#/rules?type=Post&user=…` → the path parts and the query. */
function address() {
  const [path, query = ''] = window.location.hash.replace(/^#\/?/, '').split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

const SCREENS = {
  data: ([type, id, action], query) => {
    if (!type) return (view) => renderDataIndex(view, consoleApi);
    if (id === 'new') return (view) => renderObjectForm(view, consoleApi, type);
    if (id && action === 'edit') return (view) => renderObjectForm(view, consoleApi, type, id);
    if (id) return (view) => renderObject(view, consoleApi, type, id);
    return (view) => renderDataList(view, consoleApi, type, query);
  },
  users:
    ([id]) =>
    (view) =>
      id ? renderUser(view, consoleApi, id) : renderUsers(view, consoleApi),
  roles:
    ([id]) =>
    (view) =>
      id ? renderRole(view, consoleApi, id) : renderRoles(view, consoleApi),
  tokens: () => (view) => renderAdminTokens(view, consoleApi),
  rules: (_parts, query) => (view) => renderRules(view, consoleApi, query),
  live: () => (view) => renderLive(view, consoleApi),
  schema: () => (view) => renderSchema(view, consoleApi),
};

async function route() {
  leaveScreen?.();
  leaveScreen = null;
  const shown = pendingNotice;
  pendingNotice = null;
  if (!session.token) {
    mount(root, shown, renderSignIn(consoleApi));
    return;
  }
  if (!models) {
    mount(root, h('p', { class: 'loading' }, 'Loading the schema…'));
    const loaded = await loadModels(session.token);
    if (loaded.error) {
      session.signOut();
      mount(root, notice('error', loaded.error), renderSignIn(consoleApi));
      return;
    }
    models = loaded.models;
  }
  const { parts, query } = address();
  const screen = SCREENS[parts[0] ?? 'data'] ?? SCREENS.data;
  // A fresh element per visit: a screen still loading when the operator moves on writes into a
  // detached element, never into the next screen.
  const view = h('main', { class: ['screen', `screen-${currentScreen()}`] });
  mount(root, header(), shown, view);
  try {
    await screen(parts.slice(1), query)(view);
  } catch (error) {
    mount(view, notice('error', `This screen failed: ${error.message}`));
  }
}

// A request that fails outside a screen's own handling (the server down, a proxy's error page)
// is shown where the operator looks, not only in the browser's developer tools.
window.addEventListener('unhandledrejection', (event) => {
  const problem = notice('error', `Something failed: ${event.reason?.message ?? event.reason}`);
  const main = root.querySelector('main') ?? root;
  main.prepend(problem);
});

window.addEventListener('hashchange', route);
route();
