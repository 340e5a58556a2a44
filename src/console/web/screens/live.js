import { h, mount, notice, select } from '../lib/dom.js';
import { formatValue } from '../lib/format.js';
import { session } from '../lib/session.js';

/** Events kept on screen; older ones drop off the bottom. */
const EVENTS_KEPT = 200;
const MUTATIONS = ['CREATE', 'UPDATE', 'DELETE'];

/**
 * `#/live`: a type's subscription events as they happen (docs/subscriptions.md), over the
 * graphql-ws protocol on /graphql with the admin's token, using graphql-ws's own browser client.
 * Leaving the screen ends the subscription and the connection.
 */
export function renderLive(view, consoleApi) {
  const models = [...consoleApi.models.values()].filter((model) => model.subscription);
  if (models.length === 0) return mount(view, h('h1', {}, 'Live'), notice('note', 'This API has no subscriptions.'));
  const typeChoice = select(
    { class: 'live-type', 'aria-label': 'type' },
    models.map((model) => model.name),
  );
  const kinds = MUTATIONS.map((kind) =>
    h('input', { type: 'checkbox', value: kind, checked: true, 'aria-label': kind }),
  );
  const status = h('div', { class: 'live-status', role: 'status' }, 'Not listening.');
  const events = h('ol', { class: 'events', reversed: true });
  let client = null;

  function stop(message = 'Not listening.') {
    client?.dispose();
    client = null;
    mount(status, message);
    startButton.disabled = false;
    stopButton.disabled = true;
  }

  function start() {
    stop();
    const model = consoleApi.models.get(typeChoice.value);
    const scalars = model.fields.filter((field) => field.kind === 'scalar').map((field) => field.name);
    const wanted = kinds.filter((box) => box.checked).map((box) => box.value);
    const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`;
    client = window.graphqlWs.createClient({
      url,
      connectionParams: { token: session.token },
      retryAttempts: 0,
      lazy: true,
      on: {
        connected: () => mount(status, `Listening for ${wanted.join(', ')} events on ${model.name}.`),
        closed: (event) => {
          if (client)
            mount(
              status,
              `The connection closed${event?.code ? ` (${event.code}${event.reason ? `: ${event.reason}` : ''})` : ''}.`,
            );
        },
      },
    });
    mount(status, 'Connecting…');
    startButton.disabled = true;
    stopButton.disabled = false;
    client.subscribe(
      {
        query: `subscription ConsoleLive($mutations: [MutationType!]) { ${model.subscription}(mutations: $mutations) { mutation updatedFields node { ${scalars.join(' ')} } previousValues { id } } }`,
        variables: { mutations: wanted },
      },
      {
        next: (result) => show(model, result),
        error: (error) =>
          mount(
            status,
            notice(
              'error',
              Array.isArray(error)
                ? error.map((e) => e.message).join('; ')
                : (error?.reason ?? error?.message ?? 'the subscription failed'),
            ),
          ),
        complete: () => undefined,
      },
    );
  }

  function show(model, result) {
    const event = result.data?.[model.subscription];
    if (!event) return;
    const node = event.node ?? {};
    const label = model.labelField !== 'id' ? node[model.labelField] : null;
    const id = node.id ?? event.previousValues?.id;
    events.prepend(
      h(
        'li',
        { class: ['event', event.mutation.toLowerCase()] },
        h('time', {}, new Date().toISOString().slice(11, 19)),
        h('span', { class: 'mutation' }, event.mutation),
        id && event.mutation !== 'DELETE'
          ? h('a', { href: `#/data/${model.name}/${encodeURIComponent(id)}` }, label ?? id)
          : h('span', {}, label ?? id ?? ''),
        event.updatedFields?.length
          ? h('span', { class: 'updated' }, ` changed: ${event.updatedFields.join(', ')}`)
          : null,
        event.node
          ? h(
              'dl',
              { class: 'event-fields' },
              scalarsOf(event.node).map(([name, value]) => [h('dt', {}, name), h('dd', {}, formatValue(value))]),
            )
          : null,
      ),
    );
    while (events.children.length > EVENTS_KEPT) events.lastElementChild.remove();
  }

  const scalarsOf = (node) => Object.entries(node).filter(([name]) => name !== 'id');
  const startButton = h('button', { type: 'button', class: 'start', onclick: start }, 'Start listening');
  const stopButton = h(
    'button',
    { type: 'button', class: 'stop quiet', disabled: true, onclick: () => stop() },
    'Stop',
  );
  consoleApi.onLeave(() => stop());
  mount(
    view,
    h('h1', {}, 'Live'),
    h('p', { class: 'hint' }, 'Each event as your admin token receives it: every change of the type, newest first.'),
    h(
      'div',
      { class: 'live-controls' },
      h('label', {}, 'Type ', typeChoice),
      kinds.map((box) => h('label', { class: 'inline' }, box, ` ${box.value}`)),
      startButton,
      stopButton,
    ),
    status,
    events,
  );
}
