import { describeError, graphql } from '../lib/api.js';
import { fieldRow, h, mount, notice } from '../lib/dom.js';

const LOGIN = `mutation ConsoleLogin($input: LoginUserInput!) {
  loginUser(input: $input) { token user { username } }
}`;

/**
 * Sign in as an admin user (username and password, through `loginUser`) or with an admin
 * token. Either way the console then loads the schema with the token, which only admins may.
 */
export function renderSignIn(consoleApi) {
  const message = h('div', { class: 'sign-in-message' });
  const show = (text) => mount(message, text ? notice('error', text) : null);

  const username = fieldRow('Username', h('input', { name: 'username', autocomplete: 'username', required: true }));
  const password = fieldRow(
    'Password',
    h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
  );
  const userForm = h(
    'form',
    {
      class: 'card',
      onsubmit: async (event) => {
        event.preventDefault();
        show(null);
        const { data, errors } = await graphql(LOGIN, {
          input: { username: username.control.value, password: password.control.value },
        });
        if (errors.length > 0 || !data?.loginUser?.token) return show(describeError(errors[0]));
        password.control.value = '';
        show(await consoleApi.signedIn(data.loginUser.token, data.loginUser.user?.username ?? username.control.value));
      },
    },
    h('h2', {}, 'An admin user'),
    username.row,
    password.row,
    h('button', { type: 'submit' }, 'Sign in'),
  );

  const token = fieldRow(
    'Admin token',
    h('input', { name: 'token', type: 'password', autocomplete: 'off', required: true, placeholder: 'gk_admin_…' }),
    'From npm run admin-token -- create --name NAME. Kept in this tab only, until it closes.',
  );
  const tokenForm = h(
    'form',
    {
      class: 'card',
      onsubmit: async (event) => {
        event.preventDefault();
        show(null);
        const text = token.control.value.trim();
        token.control.value = '';
        show(await consoleApi.signedIn(text, 'admin token'));
      },
    },
    h('h2', {}, 'An admin token'),
    token.row,
    h('button', { type: 'submit' }, 'Sign in'),
  );

  return h(
    'main',
    { class: 'sign-in' },
    h('h1', {}, 'Graphkeep console'),
    h('p', {}, 'Sign in as a member of the admin role, or with an admin token.'),
    message,
    h('div', { class: 'cards' }, userForm, tokenForm),
  );
}
