import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** The Dockerfile as Docker reads it: continuation lines joined, comments dropped, split into stages. */
function dockerfileStages(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword, args] = /^(\w+)\s+(.*)$/.exec(line)!;
    if (keyword.toUpperCase() === 'FROM') {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args)!;
      stages.push({ from, name, instructions: [] });
    } else stages.at(-1)!.instructions.push({ keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, ' ') });
  }
  return stages;
}

const all = (stage: Stage, keyword: string) =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);

/** `tsconfig.json` files may extend one another; `npm run build`'s options are the merge. */
function compilerOptions(file: string): { outDir?: string; rootDir?: string } {
  const config = JSON.parse(read(file)) as {
    extends?: string;
    compilerOptions?: { outDir?: string; rootDir?: string };
  };
  const base = config.extends ? compilerOptions(posix.join(posix.dirname(file), config.extends)) : {};
  return { ...base, ...config.compilerOptions };
}

const packageJson = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  engines: { node: string };
  dependencies: Record<string, string>;
};

/** Where `npm run build` writes src/main.ts: the path the image's CMD must run. */
function builtMain(): { outDir: string; main: string } {
  const [, project] = /^tsc -p (\S+) && node scripts\/copyConsoleWeb\.mjs$/.exec(packageJson.scripts.build)!;
  const { outDir, rootDir } = compilerOptions(project);
  expect([outDir, rootDir]).toEqual(['dist', 'src']);
  return {
    outDir: outDir!,
    main: posix.join(outDir!, posix.relative(rootDir!, 'src/main.ts').replace(/\.ts$/, '.js')),
  };
}

describe('the Dockerfile builds what `npm run build` builds and runs it compiled', () => {
  const stages = dockerfileStages(read('Dockerfile'));
  const [build, final] = stages;
  const { outDir, main } = builtMain();

  test('two stages on the same Node image: the native addons built in one load in the other', () => {
    expect(stages).toHaveLength(2);
    expect(build.name).toBe('build');
    expect(final.from).toBe(build.from);
    expect(final.from).toMatch(/^node:\d+-[a-z]+-slim$/);
  });

  test('the build stage installs everything, compiles with `npm run build`, then keeps production dependencies only', () => {
    const runs = all(build, 'RUN');
    const order = ['npm ci', 'npm run build', 'npm prune --omit=dev'].map((command) =>
      runs.findIndex((run) => run.startsWith(command)),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // What the compiler reads is in the stage before it runs.
    const copied = all(build, 'COPY').join(' ');
    for (const file of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src'])
      expect(copied).toContain(file);
  });

  test("the final stage runs the build's output with node, as an unprivileged user, with a health check", () => {
    expect(all(final, 'CMD').map((args) => JSON.parse(args) as unknown)).toEqual([['node', main]]);
    expect(existsSync(join(ROOT, 'src', 'main.ts'))).toBe(true);
    const fromBuild = all(final, 'COPY').filter((args) => args.includes('--from=build'));
    expect(fromBuild.map((args) => args.split(' ').slice(-2))).toEqual([
      ['/app/node_modules', './node_modules'],
      [`/app/${outDir}`, `./${outDir}`],
    ]);
    expect(all(final, 'USER')).toEqual(['node']);
    expect(all(final, 'HEALTHCHECK').join(' ')).toMatch(/^--interval=\S+ .*CMD \["node", "-e", ".*\/healthz/);
  });

  test("the console's browser code is built beside the compiled console, so the image serves it without sources", () => {
    expect(read('scripts/copyConsoleWeb.mjs')).toContain(`cpSync('src/console/web', '${outDir}/console/web'`);
    expect(read('src/console/consoleAssets.ts')).toContain("join(__dirname, 'web')");
  });

  test('no sources and no development tooling in the final stage', () => {
    const copied = all(final, 'COPY').join(' ');
    expect(copied).not.toMatch(/\bsrc\b|tsconfig/);
    expect(all(final, 'RUN').join(' ')).toMatch(/rm -rf \/usr\/local\/lib\/node_modules\/npm/);
    expect(Object.keys(packageJson.dependencies)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(tsx|typescript|ts-node|jest|eslint)$/)]),
    );
  });

  test("the image's Node and the versions CI runs are the ends of package.json's engines", () => {
    const [, floor, ceiling] = /^>=(\d+\.\d+\.\d+) <(\d+)$/.exec(packageJson.engines.node)!;
    const tested = read('.ci/node-versions')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    expect(tested).toEqual([floor, expect.stringMatching(new RegExp(`^${Number(ceiling) - 1}\\.\\d+\\.\\d+$`))]);
    expect(final.from).toMatch(new RegExp(`^node:${Number(ceiling) - 1}-`));
    expect(read('.ci/run')).toMatch(/npm ci\nnpm run build\nbash \.ci\/node-ends\nnpm test\n$/);
  });

  test('the commands docs/production.md runs in the container are compiled CLIs that exist', () => {
    const commands = [...read('docs/production.md').matchAll(/exec api node (dist\/cli\/\w+)\.js/g)].map(
      (match) => match[1],
    );
    expect(commands).toEqual(expect.arrayContaining(['dist/cli/adminToken', 'dist/cli/seed']));
    for (const command of commands) expect(existsSync(join(ROOT, `${command.replace(/^dist/, 'src')}.ts`))).toBe(true);
    expect(read('docs/production.md')).not.toMatch(/exec api npm /);
  });
});
