import { describeError } from '../lib/api.js';
import { actionButton, h, mount, notice } from '../lib/dom.js';
import { formatTime } from '../lib/format.js';

/**
 * `#/tokens`: admin tokens with their last use (to the minute); a new one is shown once, here,
 * and never again; revoking one ends it at once (docs/api.md#admin-tokens).
 */
export async function renderAdminTokens(view, consoleApi, shown) {
  const { data, errors } = await consoleApi.admin('{ adminTokens { name createdAt lastUsedAt } }');
  const status = h(
    'div',
    { class: 'status' },
    shown,
    errors.map((error) => notice('error', describeError(error))),
  );
  const name = h('input', {
    class: 'token-name',
    placeholder: 'name, e.g. deploy-script',
    'aria-label': 'new token name',
    required: true,
  });
  const create = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (event) => {
        event.preventDefault();
        const result = await consoleApi.admin(
          'mutation ConsoleNewToken($input: CreateAdminTokenInput!) { createAdminToken(input: $input) { token adminToken { name } } }',
          { input: { name: name.value } },
        );
        if (result.errors.length > 0)
          return mount(
            status,
            result.errors.map((error) => notice('error', describeError(error))),
          );
        const { token, adminToken } = result.data.createAdminToken;
        await renderAdminTokens(
          view,
          consoleApi,
          notice(
            'ok',
            h('p', {}, `Admin token ${adminToken.name} created. Copy it now: it is shown this once and never again.`),
            h('input', {
              class: 'new-token',
              readonly: true,
              value: token,
              'aria-label': 'the new token',
              onfocus: (e) => e.target.select(),
            }),
          ),
        );
      },
    },
    'New admin token ',
    name,
    h('button', { type: 'submit' }, 'Create'),
  );
  const tokens = data?.adminTokens ?? [];
  mount(
    view,
    h('h1', {}, 'Admin tokens'),
    h('p', { class: 'hint' }, 'Requests with an admin token skip every rule. Each is stored only as a hash.'),
    status,
    h(
      'table',
      { class: 'tokens' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['name', 'created', 'last used', ''].map((label) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h(
        'tbody',
        {},
        tokens.length === 0 ? h('tr', {}, h('td', { colspan: 4, class: 'empty' }, 'No admin tokens.')) : null,
        tokens.map((token) => {
          const confirm = h('span', { class: 'confirm' });
          return h(
            'tr',
            { dataset: { token: token.name } },
            h('td', {}, token.name),
            h('td', {}, formatTime(token.createdAt)),
            h('td', {}, token.lastUsedAt ? formatTime(token.lastUsedAt) : 'never'),
            h(
              'td',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'quiet',
                  onclick: () =>
                    mount(
                      confirm,
                      actionButton(
                        `Revoke ${token.name}`,
                        async () => {
                          const result = await consoleApi.admin(
                            'mutation ConsoleRevoke($input: RevokeAdminTokenInput!) { revokeAdminToken(input: $input) { revokedName } }',
                            { input: { name: token.name } },
                          );
                          if (result.errors.length > 0)
                            return mount(
                              status,
                              result.errors.map((error) => notice('error', describeError(error))),
                            );
                          await renderAdminTokens(view, consoleApi, notice('ok', `Admin token ${token.name} revoked.`));
                        },
                        { class: 'danger' },
                      ),
                    ),
                },
                'Revoke…',
              ),
              confirm,
            ),
          );
        }),
      ),
    ),
    create,
  );
}
