import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildSchema, Kind, parse, validate, type GraphQLSchema } from 'graphql';
import { loadAppModel } from '../../src/appModel/loadAppModel';
import { compilePolicy, type RulesFile } from '../../src/permissions/compilePolicy';
import { runCli } from '../support/runCli';
import { permissionsDocExamples } from './permissionsDoc';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);

/** Pages whose GraphQL examples are written against the example app. */
const EXAMPLE_APP_PAGES = [
  'README.md',
  'docs/api.md',
  'docs/schema-changes.md',
  'docs/errors.md',
  'docs/subscriptions.md',
  'docs/accounts.md',
];

function codeBlocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes. */
function anchors(markdown: string): Set<string> {
  return new Set(
    [...markdown.matchAll(/^#+ (.+)$/gm)].map((match) =>
      match[1]
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

describe('the documentation is in step with the code', () => {
  let api: GraphQLSchema;
  beforeAll(async () => {
    const printed = await runCli('schema.ts', ['print'], {});
    expect(printed.code).toBe(0);
    api = buildSchema(printed.stdout);
  });

  test('the README points nowhere outside the repository', () => {
    const readme = read('README.md');
    expect(readme.match(/shared\/SPEC/g) ?? []).toEqual([]);
    for (const page of ['README.md', ...DOCS])
      expect([page, read(page)]).not.toEqual([page, expect.stringMatching(/SPEC\.md|\.\.\/shared/)]);
  });

  test('every relative link and anchor in README.md and docs/ leads somewhere', () => {
    const broken: string[] = [];
    for (const page of ['README.md', ...DOCS]) {
      for (const [, target] of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [path, anchor] = target.split('#');
        const file = path ? resolve(ROOT, dirname(page), path) : join(ROOT, page);
        if (!existsSync(file)) {
          broken.push(`${page}: ${target}`);
          continue;
        }
        if (anchor && file.endsWith('.md') && !anchors(readFileSync(file, 'utf8')).has(anchor))
          broken.push(`${page}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('every GraphQL operation shown for the example app is valid against its generated API', () => {
    let checked = 0;
    for (const page of EXAMPLE_APP_PAGES) {
      for (const block of codeBlocks(read(page), 'graphql')) {
        const document = parse(block);
        if (
          !document.definitions.every(
            (definition) =>
              definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION,
          )
        )
          continue;
        expect([page, block, validate(api, document).map((error) => error.message)]).toEqual([page, block, []]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  test('every operation name docs/api.md shows exists in `npm run schema -- print`', () => {
    const rootFields = new Set([
      ...Object.keys(api.getQueryType()!.getFields()),
      ...Object.keys(api.getMutationType()!.getFields()),
    ]);
    const named = [
      ...read('docs/api.md').matchAll(
        /`((?:get|all|create|update|delete|addTo|removeFrom|login|logout|request|reset|verify|refreshUser|accept|decline|revoke)[A-Z]\w*|node|nodes|viewer|adminTokens|permissionMatrix|explainAccess|schema(?:Sdl|Introspection|Check))`/g,
      ),
    ].map((match) => match[1]);
    expect(named.length).toBeGreaterThanOrEqual(30);
    expect(named.filter((name) => !rootFields.has(name))).toEqual([]);
    // And the other way: every root field of the example app is on the page.
    expect([...rootFields].filter((name) => !named.includes(name))).toEqual([]);
  });

  test('every configuration variable is documented', () => {
    const variables = [...read('src/config/loadConfig.ts').matchAll(/^ +([A-Z][A-Z0-9_]+):/gm)].map(
      (match) => match[1],
    );
    expect(variables.length).toBeGreaterThan(20);
    const documented = read('docs/configuration.md') + read('README.md');
    expect(variables.filter((name) => !documented.includes(`\`${name}\``))).toEqual([]);
  });

  test('the worked examples of docs/permissions.md are a valid schema and valid rules', () => {
    const { schema, rules } = permissionsDocExamples();
    const app = loadAppModel(schema, 'docs/permissions.md');
    const files = new Map<string, RulesFile>(
      Object.entries(rules).map(([type, content]) => [type, { file: `docs: permissions/${type}.json`, content }]),
    );
    expect([...files.keys()].sort()).toEqual(['Document', 'Employee', 'Note', 'Notice', 'User']);
    expect(() => compilePolicy(app, files, 'open')).not.toThrow();
  });
});
