import { describeError } from '../lib/api.js';
import { actionButton, fieldRow, h, mount, notice, select } from '../lib/dom.js';
import { formatCount, formatTime } from '../lib/format.js';
import { startViewingAs } from './viewAs.js';

/** Users listed at once; a search narrows them. */
const USERS_SHOWN = 50;
/** Roles offered when adding a membership, by name. */
const ROLES_OFFERED = 100;
const ACCESS_LEVELS = ['readonly', 'readwrite', 'admin'];

/** `#/users`: find a user by name. */
export async function renderUsers(view, consoleApi) {
  const results = h('div', { class: 'results' });
  const search = h('input', {
    type: 'search',
    class: 'user-search',
    placeholder: 'username contains…',
    'aria-label': 'username contains',
  });
  async function find() {
    const text = search.value.trim();
    const { data, errors } = await consoleApi.admin(
      `query ConsoleUsers($where: UserWhereInput) {
        allUsers(first: ${USERS_SHOWN}, where: $where, orderBy: [{ field: username }]) {
          totalCount edges { node { id username createdAt lastLogin roles { totalCount } } }
        }
      }`,
      { where: text ? { username: { contains: text } } : null },
    );
    if (errors.length > 0)
      return mount(
        results,
        errors.map((error) => notice('error', describeError(error))),
      );
    const { totalCount, edges } = data.allUsers;
    mount(
      results,
      h(
        'p',
        { class: 'hint' },
        totalCount > edges.length
          ? `The first ${edges.length} of ${formatCount(totalCount)}: narrow the search.`
          : `${formatCount(totalCount)} found.`,
      ),
      h(
        'table',
        { class: 'users' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['username', 'roles', 'last login', 'created'].map((name) => h('th', { scope: 'col' }, name)),
          ),
        ),
        h(
          'tbody',
          {},
          edges.map(({ node }) =>
            h(
              'tr',
              {},
              h('td', {}, h('a', { href: `#/users/${encodeURIComponent(node.id)}` }, node.username ?? node.id)),
              h('td', {}, String(node.roles?.totalCount ?? '')),
              h('td', {}, formatTime(node.lastLogin)),
              h('td', {}, formatTime(node.createdAt)),
            ),
          ),
        ),
      ),
    );
  }
  mount(
    view,
    h('h1', {}, 'Users'),
    h(
      'form',
      { class: 'search', onsubmit: (event) => (event.preventDefault(), find()) },
      search,
      h('button', { type: 'submit' }, 'Find'),
    ),
    results,
  );
  await find();
}

/** `#/users/<id>`: a user's roles with their access levels, memberships, password reset, logout, mail, view as. */
export async function renderUser(view, consoleApi, id, shown) {
  const { data, errors } = await consoleApi.admin(
    `query ConsoleUser($id: ID!) {
      node(id: $id) { ... on User { id username createdAt lastLogin roles(first: ${ROLES_OFFERED}) { totalCount edges { accessLevel node { id name } } } } }
      allRoles(first: ${ROLES_OFFERED}, orderBy: [{ field: name }]) { totalCount edges { node { id name } } }
    }`,
    { id },
  );
  const user = data?.node;
  if (!user)
    return mount(
      view,
      errors.map((error) => notice('error', describeError(error))),
      notice('error', `No user with id ${id}.`),
    );
  const status = h('div', { class: 'status' }, shown);
  const again = (message) => renderUser(view, consoleApi, id, message);
  const run = async (mutation, input, done) => {
    const result = await consoleApi.admin(mutation, { input });
    if (result.errors.length > 0)
      return mount(
        status,
        result.errors.map((error) => notice('error', describeError(error))),
      );
    await again(notice('ok', done));
  };

  const memberships = user.roles.edges;
  const rolesTable = h(
    'table',
    { class: 'memberships' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['role', 'access level', ''].map((name) => h('th', { scope: 'col' }, name)),
      ),
    ),
    h(
      'tbody',
      {},
      memberships.length === 0 ? h('tr', {}, h('td', { colspan: 3, class: 'empty' }, 'No roles.')) : null,
      memberships.map(({ accessLevel, node: role }) =>
        h(
          'tr',
          { dataset: { role: role.name } },
          h('td', {}, h('a', { href: `#/roles/${encodeURIComponent(role.id)}` }, role.name)),
          h(
            'td',
            {},
            select(
              {
                'aria-label': `access level in ${role.name}`,
                onchange: (event) =>
                  run(
                    'mutation ConsoleLevel($input: UpdateUserRolesConnectionInput!) { updateUserRolesConnection(input: $input) { clientMutationId } }',
                    { userId: id, roleId: role.id, accessLevel: event.target.value },
                    `${user.username} is now ${event.target.value} in ${role.name}.`,
                  ),
              },
              ACCESS_LEVELS,
              accessLevel,
            ),
          ),
          h(
            'td',
            {},
            actionButton(
              'Remove',
              () =>
                run(
                  'mutation ConsoleLeave($input: RemoveFromUserRolesConnectionInput!) { removeFromUserRolesConnection(input: $input) { clientMutationId } }',
                  { userId: id, roleId: role.id },
                  `${user.username} left ${role.name}.`,
                ),
              { class: 'quiet' },
            ),
          ),
        ),
      ),
    ),
  );

  const held = new Set(memberships.map((edge) => edge.node.id));
  const offered = data.allRoles.edges.map((edge) => edge.node).filter((role) => !held.has(role.id));
  const roleChoice = select(
    { class: 'add-role', 'aria-label': 'role' },
    offered.map((role) => [role.id, role.name]),
  );
  const levelChoice = select({ class: 'add-level', 'aria-label': 'access level' }, ACCESS_LEVELS, 'readwrite');
  const addForm = h(
    'form',
    {
      class: 'inline-form add-membership',
      onsubmit: (event) => {
        event.preventDefault();
        const role = offered.find((r) => r.id === roleChoice.value);
        if (!role) return;
        run(
          'mutation ConsoleJoin($input: AddToUserRolesConnectionInput!) { addToUserRolesConnection(input: $input) { clientMutationId } }',
          { userId: id, roleId: role.id, accessLevel: levelChoice.value },
          `${user.username} joined ${role.name} (${levelChoice.value}).`,
        );
      },
    },
    'Add to ',
    roleChoice,
    ' as ',
    levelChoice,
    h('button', { type: 'submit', disabled: offered.length === 0 }, 'Add'),
    data.allRoles.totalCount > ROLES_OFFERED
      ? h('span', { class: 'hint' }, ` (the first ${ROLES_OFFERED} roles by name)`)
      : null,
  );

  const password = fieldRow(
    'New password',
    h('input', { type: 'password', class: 'new-password', autocomplete: 'new-password' }),
    '8 to 72 bytes. Every token the user holds stops working.',
  );
  const resetForm = h(
    'form',
    {
      class: 'reset-password',
      onsubmit: (event) => {
        event.preventDefault();
        run(
          'mutation ConsoleReset($input: UpdateUserInput!) { updateUser(input: $input) { clientMutationId } }',
          { id, password: password.control.value },
          `The password of ${user.username} was reset; their earlier tokens no longer work.`,
        );
      },
    },
    password.row,
    h('button', { type: 'submit' }, 'Reset password'),
  );

  // Account actions of docs/accounts.md: the mail ones answer FEATURE_DISABLED where mail is off.
  const accountActions = h(
    'div',
    { class: 'actions account-actions' },
    actionButton('Log out everywhere', () =>
      run(
        'mutation ConsoleLogoutEverywhere($input: LogoutEverywhereInput!) { logoutEverywhere(input: $input) { userId } }',
        { userId: id },
        `${user.username} was logged out everywhere: every token and open subscription of theirs has ended.`,
      ),
    ),
    actionButton('Send a verification mail', () =>
      run(
        'mutation ConsoleVerifyMail($input: RequestEmailVerificationInput!) { requestEmailVerification(input: $input) { clientMutationId } }',
        { userId: id },
        `A verification link is on its way to ${user.username}'s address.`,
      ),
    ),
  );

  const viewAsMessage = h('span', {});
  mount(
    view,
    h('h1', {}, 'User ', h('span', { class: 'object-label' }, user.username)),
    h(
      'div',
      { class: 'actions' },
      h('a', { href: `#/data/User/${encodeURIComponent(id)}` }, 'Open in the data browser'),
      h('a', { href: `#/rules?user=${encodeURIComponent(id)}` }, 'Explain access'),
      actionButton(`View the data as ${user.username}`, async () =>
        mount(viewAsMessage, (await startViewingAs(consoleApi, user)) ?? ''),
      ),
      viewAsMessage,
    ),
    h('p', { class: 'hint' }, `Last login ${formatTime(user.lastLogin)}; created ${formatTime(user.createdAt)}.`),
    status,
    h('h2', {}, `Roles (${user.roles.totalCount})`),
    rolesTable,
    addForm,
    h('h2', {}, 'Reset the password'),
    resetForm,
    h('h2', {}, 'Sessions and mail'),
    accountActions,
  );
}
