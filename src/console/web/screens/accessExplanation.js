import { h } from '../lib/dom.js';

/** Each operation: the decision, the deciding rules and the reason; per-field detail on demand. */
export function explanationOf(answer, type) {
  return h(
    'section',
    { class: 'explanation' },
    h('h3', {}, `${type}${answer.objectId ? ` ${answer.objectId}` : ''}, as ${answer.viewer}`),
    h(
      'table',
      { class: 'decisions' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['operation', 'decision', 'decided by', 'why'].map((label) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h(
        'tbody',
        {},
        answer.operations.map((op) =>
          h(
            'tr',
            { dataset: { operation: op.operation } },
            h('th', { scope: 'row' }, op.operation),
            h('td', {}, h('span', { class: ['decision', op.decision.toLowerCase()] }, op.decision)),
            h('td', {}, op.rules.length > 0 ? op.rules.join('; ') : '—'),
            h('td', { class: 'reason' }, op.reason),
          ),
        ),
      ),
    ),
    answer.operations.map((op) =>
      h(
        'details',
        { class: 'operation-detail' },
        h('summary', {}, `${op.operation}: each field, and the engine's explanation`),
        op.fields.length > 0
          ? h(
              'table',
              { class: 'field-decisions' },
              h(
                'tbody',
                {},
                op.fields.map((f) =>
                  h(
                    'tr',
                    {},
                    h('th', { scope: 'row' }, f.field),
                    h(
                      'td',
                      {},
                      h(
                        'span',
                        { class: ['decision', f.allowed ? 'allowed' : f.conditional ? 'conditional' : 'denied'] },
                        f.allowed ? 'allowed' : f.conditional ? 'only where' : 'denied',
                      ),
                    ),
                    h('td', {}, f.rules.join('; ')),
                  ),
                ),
              ),
            )
          : null,
        h('pre', { class: 'engine-text' }, op.explanation.join('\n')),
      ),
    ),
  );
}
