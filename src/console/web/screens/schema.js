import { describeError } from '../lib/api.js';
import { h, mount, notice } from '../lib/dom.js';
import { formatCount } from '../lib/format.js';

/** The largest file the schema screen reads into its text area. */
const MAX_SCHEMA_FILE_BYTES = 512 * 1024;

/**
 * `#/schema`: the API this server serves, as SDL; and `schema check` for a proposed
 * schema.graphql, pasted or read from a file: what starting with it would do to the stored data.
 */
export async function renderSchema(view, consoleApi) {
  const { data, errors } = await consoleApi.admin('{ schemaSdl }');
  const proposed = h('textarea', {
    class: 'proposed-schema',
    rows: 18,
    spellcheck: false,
    'aria-label': 'proposed schema.graphql',
    placeholder: 'Paste a schema.graphql here, or choose a file.',
  });
  const report = h('div', { class: 'check-report' });
  const file = h('input', {
    type: 'file',
    accept: '.graphql,.graphqls,.gql,text/plain',
    class: 'schema-file',
    onchange: async (event) => {
      const chosen = event.target.files?.[0];
      if (!chosen) return;
      if (chosen.size > MAX_SCHEMA_FILE_BYTES)
        return mount(report, notice('error', `${chosen.name} is larger than ${MAX_SCHEMA_FILE_BYTES / 1024} KB.`));
      proposed.value = await chosen.text();
    },
  });

  async function check(event) {
    event.preventDefault();
    const result = await consoleApi.admin(
      'query ConsoleCheck($schema: String!) { schemaCheck(schema: $schema) { fits startRefused firstCheck summary findings { severity subject count message fix } } }',
      { schema: proposed.value },
    );
    if (result.errors.length > 0)
      return mount(
        report,
        result.errors.map((error) => notice('error', describeError(error))),
      );
    const answer = result.data.schemaCheck;
    mount(
      report,
      notice(answer.startRefused ? 'error' : answer.fits ? 'ok' : 'note', answer.summary),
      answer.firstCheck
        ? h(
            'p',
            { class: 'hint' },
            'No schema was recorded for this data yet: only unique and required fields were checked.',
          )
        : null,
      answer.findings.length > 0
        ? h(
            'table',
            { class: 'findings' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['', 'what', 'objects', 'what it means', 'the way out'].map((label) =>
                  h('th', { scope: 'col' }, label),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              answer.findings.map((finding) =>
                h(
                  'tr',
                  {},
                  h(
                    'td',
                    {},
                    h(
                      'span',
                      { class: ['severity', finding.severity] },
                      { stop: 'cannot apply', fill: 'will fill in', warn: 'warning' }[finding.severity] ??
                        finding.severity,
                    ),
                  ),
                  h('td', {}, finding.subject),
                  h('td', {}, formatCount(finding.count)),
                  h('td', {}, finding.message),
                  h('td', {}, finding.fix || '—'),
                ),
              ),
            ),
          )
        : null,
    );
  }

  mount(
    view,
    h('h1', {}, 'Schema'),
    h(
      'div',
      { class: 'schema-columns' },
      h(
        'section',
        {},
        h('h2', {}, 'The API served now'),
        h('p', { class: 'hint' }, 'As npm run schema -- print writes it, for relay-compiler and codegen.'),
        errors.length > 0
          ? errors.map((error) => notice('error', describeError(error)))
          : h('pre', { class: 'sdl' }, data.schemaSdl),
      ),
      h(
        'section',
        {},
        h('h2', {}, 'Check a proposed schema.graphql'),
        h(
          'p',
          { class: 'hint' },
          'What starting with it would do to the stored data, as npm run schema -- check says before a deploy.',
        ),
        h('form', { class: 'schema-check', onsubmit: check }, file, proposed, h('button', { type: 'submit' }, 'Check')),
        report,
      ),
    ),
  );
}
