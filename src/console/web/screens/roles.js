import { describeError } from '../lib/api.js';
import { actionButton, h, mount, notice, select } from '../lib/dom.js';
import { formatCount } from '../lib/format.js';

/** Roles and members listed at once. */
const SHOWN = 100;
const ACCESS_LEVELS = ['readonly', 'readwrite', 'admin'];

/** `#/roles`: every role with its member count, and a new role. */
export async function renderRoles(view, consoleApi, shown) {
  const { data, errors } = await consoleApi.admin(
    `{ allRoles(first: ${SHOWN}, orderBy: [{ field: name }]) { totalCount edges { node { id name members { totalCount } } } } }`,
  );
  const status = h(
    'div',
    { class: 'status' },
    shown,
    errors.map((error) => notice('error', describeError(error))),
  );
  const name = h('input', { class: 'role-name', placeholder: 'name', 'aria-label': 'new role name', required: true });
  const create = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (event) => {
        event.preventDefault();
        const result = await consoleApi.admin(
          'mutation ConsoleNewRole($input: CreateRoleInput!) { createRole(input: $input) { changedRole { id } } }',
          { input: { name: name.value } },
        );
        if (result.errors.length > 0)
          return mount(
            status,
            result.errors.map((error) => notice('error', describeError(error))),
          );
        await renderRoles(view, consoleApi, notice('ok', `Role ${name.value} created.`));
      },
    },
    'New role ',
    name,
    h('button', { type: 'submit' }, 'Create'),
  );
  const roles = data?.allRoles;
  mount(
    view,
    h('h1', {}, 'Roles'),
    status,
    roles
      ? [
          roles.totalCount > roles.edges.length
            ? h('p', { class: 'hint' }, `The first ${SHOWN} of ${formatCount(roles.totalCount)} by name.`)
            : null,
          h(
            'table',
            { class: 'roles' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'role'), h('th', { scope: 'col' }, 'members'))),
            h(
              'tbody',
              {},
              roles.edges.map(({ node }) =>
                h(
                  'tr',
                  {},
                  h('td', {}, h('a', { href: `#/roles/${encodeURIComponent(node.id)}` }, node.name)),
                  h('td', {}, String(node.members?.totalCount ?? '')),
                ),
              ),
            ),
          ),
        ]
      : null,
    create,
  );
}

/** `#/roles/<id>`: a role's members with their access levels; add one by username, remove one. */
export async function renderRole(view, consoleApi, id, shown) {
  const { data, errors } = await consoleApi.admin(
    `query ConsoleRole($id: ID!) { node(id: $id) { ... on Role { id name members(first: ${SHOWN}, orderBy: [{ field: username }]) { totalCount edges { accessLevel node { id username } } } } } }`,
    { id },
  );
  const role = data?.node;
  if (!role)
    return mount(
      view,
      errors.map((error) => notice('error', describeError(error))),
      notice('error', `No role with id ${id}.`),
    );
  const status = h('div', { class: 'status' }, shown);
  const fail = (list) =>
    mount(
      status,
      list.map((error) => notice('error', describeError(error))),
    );

  const username = h('input', {
    class: 'member-name',
    placeholder: 'username',
    'aria-label': 'username',
    required: true,
  });
  const level = select({ 'aria-label': 'access level' }, ACCESS_LEVELS, 'readwrite');
  const add = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (event) => {
        event.preventDefault();
        const found = await consoleApi.admin(
          'query ConsoleFind($name: String!) { allUsers(first: 1, where: { username: { eq: $name } }) { edges { node { id } } } }',
          {
            name: username.value,
          },
        );
        const user = found.data?.allUsers.edges[0]?.node;
        if (!user) return mount(status, notice('error', `No user named ${username.value}.`));
        const result = await consoleApi.admin(
          'mutation ConsoleJoin($input: AddToUserRolesConnectionInput!) { addToUserRolesConnection(input: $input) { clientMutationId } }',
          { input: { userId: user.id, roleId: id, accessLevel: level.value } },
        );
        if (result.errors.length > 0) return fail(result.errors);
        await renderRole(view, consoleApi, id, notice('ok', `${username.value} joined ${role.name} (${level.value}).`));
      },
    },
    'Add ',
    username,
    ' as ',
    level,
    h('button', { type: 'submit' }, 'Add member'),
  );

  const members = role.members.edges;
  mount(
    view,
    h('h1', {}, 'Role ', h('span', { class: 'object-label' }, role.name)),
    status,
    h('h2', {}, `Members (${formatCount(role.members.totalCount)})`),
    h(
      'table',
      { class: 'members' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['user', 'access level', ''].map((name) => h('th', { scope: 'col' }, name)),
        ),
      ),
      h(
        'tbody',
        {},
        members.length === 0 ? h('tr', {}, h('td', { colspan: 3, class: 'empty' }, 'No members.')) : null,
        members.map(({ accessLevel, node: user }) =>
          h(
            'tr',
            {},
            h('td', {}, h('a', { href: `#/users/${encodeURIComponent(user.id)}` }, user.username)),
            h('td', {}, accessLevel),
            h(
              'td',
              {},
              actionButton(
                'Remove',
                async () => {
                  const result = await consoleApi.admin(
                    'mutation ConsoleLeave($input: RemoveFromUserRolesConnectionInput!) { removeFromUserRolesConnection(input: $input) { clientMutationId } }',
                    { input: { userId: user.id, roleId: id } },
                  );
                  if (result.errors.length > 0) return fail(result.errors);
                  await renderRole(view, consoleApi, id, notice('ok', `${user.username} left ${role.name}.`));
                },
                { class: 'quiet' },
              ),
            ),
          ),
        ),
      ),
    ),
    role.members.totalCount > members.length
      ? h('p', { class: 'hint' }, `The first ${SHOWN} members by username.`)
      : null,
    add,
  );
}
