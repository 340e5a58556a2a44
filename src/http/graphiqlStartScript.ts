/**
 * The browser script that starts GraphiQL on the page of graphiql.ts, served as
 * /graphiql/start.js (not inline, so the page's content security policy can forbid inline
 * scripts). It runs after the React, ReactDOM and GraphiQL UMD builds define their globals.
 */
export const GRAPHIQL_START_SCRIPT = String.raw`
(function () {
  var DEFAULT_QUERY = [
    '# Welcome to Graphkeep. Run this with the ▶ button or Ctrl-Enter.',
    '#',
    '# To act as a user or with an admin token, open "Headers" below and fill in',
    '#   { "Authorization": "Bearer <token>" }',
    '# (a user token comes from createUser or loginUser; an admin token from',
    '#  npm run admin-token -- create --name NAME). An empty header is anonymous.',
    '',
    '{',
    '  viewer { user { username } }',
    '}',
    '',
  ].join('\n');
  var params = new URLSearchParams(window.location.search);
  // Subscriptions go over graphql-ws on the same path; the headers above become its connectionParams.
  var socketUrl = (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + window.location.pathname;
  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname, subscriptionUrl: socketUrl });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: DEFAULT_QUERY,
    query: params.get('query') || undefined,
    variables: params.get('variables') || undefined,
    defaultHeaders: '{\n  "Authorization": ""\n}',
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
  }));
})();
`;
