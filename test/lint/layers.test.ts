import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface LintCase {
  filePath: string;
  code?: string;
}
interface Linted {
  layers: string[][];
  results: { filePath: string; rules: string[] }[];
}

/** Lints the cases with the project's eslint.config.mjs, in a child process (the config is ESM). */
function lint(cases: LintCase[]): Promise<Linted> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(__dirname, 'lintSources.mjs')],
      { cwd: ROOT, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as Linted);
      },
    );
    child.stdin!.end(JSON.stringify(cases));
  });
}

/** A real module of a layer entry (`src/store` → `src/store/Store.ts`), so the import resolves. */
function moduleOf(entry: string): string {
  if (entry.endsWith('.ts')) return entry;
  return posix.join(
    entry,
    readdirSync(join(ROOT, entry))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .sort()[0],
  );
}

/** Where a probe file of a layer entry stands: inside the folder, or the root file itself. */
function probeIn(entry: string): string {
  return entry.endsWith('.ts') ? entry : posix.join(entry, 'lintProbe.ts');
}

function importing(from: string, target: string): LintCase {
  let spec = relative(dirname(from), target).replace(/\.ts$/, '');
  if (!spec.startsWith('.')) spec = `./${spec}`;
  return { filePath: from, code: `import * as imported from '${spec}';\n\nexport const probe = imported;\n` };
}

const NAMED: [string, LintCase, string[]][] = [
  [
    'auth/ may not import resolvers/, though resolvers/ sits below it',
    importing('src/auth/lintProbe.ts', 'src/resolvers/RequestContext.ts'),
    ['import-x/no-restricted-paths'],
  ],
  ['auth/ may import the Viewer type it produces', importing('src/auth/lintProbe.ts', 'src/Viewer.ts'), []],
  [
    'store/ may not import graphql',
    {
      filePath: 'src/store/lintProbe.ts',
      code: "import { GraphQLError } from 'graphql';\n\nexport const probe = GraphQLError;\n",
    },
    ['no-restricted-imports'],
  ],
  [
    'permissions/ may not import node:http',
    {
      filePath: 'src/permissions/lintProbe.ts',
      code: "import { STATUS_CODES } from 'node:http';\n\nexport const probe = STATUS_CODES;\n",
    },
    ['no-restricted-imports'],
  ],
  ['two modules that import each other', { filePath: 'test/lint/fixtures/cycle/a.ts' }, ['import-x/no-cycle']],
  [
    'no default exports',
    { filePath: 'src/store/lintProbe.ts', code: 'export default 1;\n' },
    ['import-x/no-default-export'],
  ],
];

/** Downward imports refused on purpose: auth/ needs only the store, the config and the Viewer type. */
const NARROWER: Record<string, string[]> = { 'src/auth → src/graphqlSchema': ['import-x/no-restricted-paths'] };

describe('the linter holds src/ to its layers (src/README.md)', () => {
  let linted: Linted;
  let layers: string[][];
  let adjacent: { lower: string; upper: string }[];

  beforeAll(async () => {
    // First learn the layers, then lint one upward and one downward import per neighbouring pair.
    ({ layers } = await lint([]));
    adjacent = layers
      .slice(1)
      .flatMap((lower, i) => lower.flatMap((l) => layers[i].map((upper) => ({ lower: l, upper: upper }))));
    linted = await lint([
      ...NAMED.map(([, c]) => c),
      ...adjacent.flatMap(({ lower, upper }) => [
        importing(probeIn(lower), moduleOf(upper)),
        importing(probeIn(upper), moduleOf(lower)),
      ]),
    ]);
  }, 300_000);

  test.each(NAMED.map(([what, , rules], i) => [what, i, rules] as const))('%s', (_what, i, rules) => {
    expect(linted.results[i].rules).toEqual(rules);
  });

  test('every layer importing the one above it is refused, and the one below it is allowed (auth/ is narrower)', () => {
    expect(adjacent.length).toBeGreaterThanOrEqual(12);
    const found = adjacent.map(({ lower, upper }, i) => ({
      [`${lower} → ${upper}`]: linted.results[NAMED.length + 2 * i].rules,
      [`${upper} → ${lower}`]: linted.results[NAMED.length + 2 * i + 1].rules,
    }));
    const expected = adjacent.map(({ lower, upper }) => ({
      [`${lower} → ${upper}`]: ['import-x/no-restricted-paths'],
      [`${upper} → ${lower}`]: NARROWER[`${upper} → ${lower}`] ?? [],
    }));
    expect(found).toEqual(expected);
  });

  test('src/README.md lists every entry of src/, in the order of the layers', () => {
    const readme = readFileSync(join(ROOT, 'src', 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    const inTree = readdirSync(join(ROOT, 'src'))
      .filter((name) => name !== 'README.md')
      .map((name) => (statSync(join(ROOT, 'src', name)).isDirectory() ? `${name}/` : name));
    expect([...listed].sort()).toEqual([...inTree].sort());
    const byLayer = layers.flat().map((entry) => entry.replace(/^src\//, '').replace(/^([^.]+)$/, '$1/'));
    expect(listed).toEqual(byLayer);
  });
});
