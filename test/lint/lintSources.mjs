// Lints source texts as if they stood at the given paths, with the project's own
// eslint.config.mjs, and prints what each broke as JSON. It runs in its own process because
// ESLint's config is an ES module, which jest's CommonJS runtime cannot load.
// Prints { layers, results }: the layer order the config enforces, and each case's broken rules.
// Input (stdin): [{ "filePath": "src/store/x.ts", "code": "…" } | { "filePath": "test/lint/fixtures/…" }]
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { LAYERS } from '../../eslint.config.mjs';

const cases = JSON.parse(readFileSync(0, 'utf8'));
const eslint = new ESLint({ cwd: process.cwd(), ignore: false });
const results = [];
for (const { filePath, code } of cases) {
  const [result] = code === undefined ? await eslint.lintFiles([filePath]) : await eslint.lintText(code, { filePath });
  results.push({ filePath, rules: result.messages.map((m) => m.ruleId ?? m.message) });
}
process.stdout.write(JSON.stringify({ layers: LAYERS, results }));
