import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, top to bottom (src/README.md lists the same order). A folder may import
 * the folders below it and never one above, so no two folders can import each other.
 * `main.ts` and `cli/` are entry points: nothing imports them.
 */
export const LAYERS = [
  ['src/main.ts', 'src/cli'],
  ['src/ruleTools'],
  ['src/server'],
  ['src/http'],
  ['src/console'],
  ['src/accounts'],
  ['src/adminApi'],
  ['src/auth'],
  ['src/graphqlSchema'],
  ['src/roles'],
  ['src/files'],
  ['src/realtime'],
  ['src/resolvers'],
  ['src/permissions'],
  ['src/limits'],
  ['src/schemaChanges'],
  ['src/appModel'],
  ['src/Viewer.ts'],
  ['src/telemetry'],
  ['src/store'],
  ['src/mail'],
  ['src/config'],
  ['src/errors.ts'],
];

const layerZones = LAYERS.flatMap((layer, index) => {
  const above = LAYERS.slice(0, index).flat();
  return above.length === 0
    ? []
    : [
        {
          target: layer,
          from: above,
          message: `${layer.join(', ')} sits below ${above.join(', ')} in src/README.md's pipeline: depend downward, or pass the value in from above.`,
        },
      ];
});

/** auth/ turns a token into a Viewer: it needs the store and the config, nothing of GraphQL or the rules. */
const authZone = {
  target: 'src/auth',
  from: [
    'src/graphqlSchema',
    'src/roles',
    'src/files',
    'src/realtime',
    'src/resolvers',
    'src/permissions',
    'src/limits',
    'src/schemaChanges',
    'src/appModel',
  ],
  message: 'auth/ imports only store/, config/, errors and the Viewer type.',
};

/** What the console's browser code may use without importing it (graphqlWs: graphql-ws's browser build). */
const BROWSER_GLOBALS = Object.fromEntries(
  [
    'window',
    'document',
    'sessionStorage',
    'fetch',
    'FormData',
    'URL',
    'URLSearchParams',
    'Node',
    'console',
    'queueMicrotask',
    'setTimeout',
    'clearTimeout',
  ].map((name) => [name, 'readonly']),
);
const MARKUP_SINKS = ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'write', 'writeln', 'createContextualFragment'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/lint/fixtures/**'] },
  js.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', File: 'readonly' } } },
  {
    // The console's browser code: ES modules the browser runs as they are (docs/console.md).
    files: ['src/console/web/**/*.js'],
    languageOptions: { sourceType: 'module', globals: BROWSER_GLOBALS },
    rules: {
      // Text goes into the page as text nodes (lib/dom.js): a stored string must never become markup.
      'no-restricted-properties': [
        'error',
        ...MARKUP_SINKS.map((property) => ({ property, message: 'build elements with h() from lib/dom.js' })),
      ],
    },
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle follows imports through other files: it must be able to parse them as TypeScript.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: [...layerZones, authZone] }],
      'import-x/no-default-export': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // The store is the port every adapter implements: it speaks documents and filters, not GraphQL.
    files: ['src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['graphql', 'graphql-*', '@apollo/*'], message: 'store/ knows nothing of GraphQL.' }] },
      ],
    },
  },
  {
    // Rules are decided for a Viewer, whatever carried the request.
    files: ['src/permissions/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:http', 'http', '@apollo/*', 'ws', 'graphql-ws'],
              message: 'permissions/ knows nothing of HTTP.',
            },
          ],
        },
      ],
    },
  },
);
