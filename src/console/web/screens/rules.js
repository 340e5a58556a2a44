import { describeError } from '../lib/api.js';
import { actionButton, fieldRow, h, mount, notice, select } from '../lib/dom.js';
import { explanationOf } from './accessExplanation.js';
import { matrixOf } from './ruleMatrix.js';
import { startViewingAs } from './viewAs.js';

const MATRIX = `{ permissionMatrix { type source fields rules { index label scope roles userFields operations fields } } }`;
const EXPLAIN = `query ConsoleExplain($userId: ID, $type: String!, $objectId: ID) {
  explainAccess(userId: $userId, type: $type, objectId: $objectId) {
    viewer objectId
    operations { operation decision reason rules fields { field allowed conditional rules } explanation }
  }
}`;

/**
 * `#/rules?type=Post&user=<id>&object=<id>`: the rules as the server compiled them, per type, as
 * scopes × operations × fields; and explain: for a user (or anonymous) and a type or one object,
 * each operation allowed or denied with the rule that decided, from the server's own engine.
 */
export async function renderRules(view, consoleApi, query) {
  const matrix = await consoleApi.admin(MATRIX);
  if (matrix.errors.length > 0)
    return mount(
      view,
      matrix.errors.map((error) => notice('error', describeError(error))),
    );
  const types = matrix.data.permissionMatrix;
  let current = types.find((t) => t.type === query.get('type')) ?? types[0];

  const matrixBox = h('div', { class: 'matrix-box' });
  const explainResult = h('div', { class: 'explain-result' });
  const typeChoice = select(
    {
      class: 'rules-type',
      'aria-label': 'type',
      onchange: (event) => {
        current = types.find((t) => t.type === event.target.value);
        mount(matrixBox, matrixOf(current));
        mount(explainResult);
      },
    },
    types.map((t) => t.type),
    current.type,
  );

  let username = '';
  const userParam = query.get('user');
  if (userParam) {
    const found = await consoleApi.admin(
      'query ConsoleUserName($id: ID!) { node(id: $id) { ... on User { username } } }',
      { id: userParam },
    );
    username = found.data?.node?.username ?? '';
  }
  const who = fieldRow(
    'As',
    h('input', { class: 'explain-user', value: username, placeholder: 'username; empty: anonymous' }),
    'A username, or empty for an anonymous client.',
  );
  const objectId = fieldRow(
    'Object id',
    h('input', {
      class: 'explain-object',
      value: query.get('object') ?? '',
      placeholder: 'optional: one object of the type',
    }),
    'Empty: the type as a whole.',
  );

  /** The user typed in, looked up by username: `{ id, username }`, null for anonymous, or an error text. */
  async function chosenUser() {
    const name = who.control.value.trim();
    if (!name) return null;
    const found = await consoleApi.admin(
      'query ConsoleFind($name: String!) { allUsers(first: 1, where: { username: { eq: $name } }) { edges { node { id username } } } }',
      { name },
    );
    return found.data?.allUsers.edges[0]?.node ?? `No user named ${name}.`;
  }

  async function explain() {
    const user = await chosenUser();
    if (typeof user === 'string') return mount(explainResult, notice('error', user));
    const { data, errors } = await consoleApi.admin(EXPLAIN, {
      userId: user?.id ?? null,
      type: current.type,
      objectId: objectId.control.value.trim() || null,
    });
    if (errors.length > 0)
      return mount(
        explainResult,
        errors.map((error) => notice('error', describeError(error))),
      );
    const viewAsMessage = h('span', {});
    mount(
      explainResult,
      explanationOf(data.explainAccess, current.type),
      h(
        'div',
        { class: 'actions' },
        actionButton(
          `View the data as ${user ? user.username : 'anonymous'} (read-only)`,
          async () => mount(viewAsMessage, (await startViewingAs(consoleApi, user, current.type)) ?? ''),
          { class: 'view-as' },
        ),
        viewAsMessage,
      ),
    );
  }

  mount(
    view,
    h('h1', {}, 'Rules'),
    h('div', { class: 'title-row' }, h('label', {}, 'Type ', typeChoice)),
    h('h2', {}, 'Who may do what'),
    matrixBox,
    h('h2', {}, 'Explain'),
    h(
      'form',
      { class: 'explain-form', onsubmit: (event) => (event.preventDefault(), explain()) },
      who.row,
      objectId.row,
      h('button', { type: 'submit' }, 'Explain'),
    ),
    explainResult,
  );
  mount(matrixBox, matrixOf(current));
  if (userParam || query.get('object')) await explain();
}
