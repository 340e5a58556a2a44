import { readFileSync } from 'node:fs';
import { assertValidSchema } from 'graphql';
import type { AppModel } from '../appModel/AppModel';
import { loadAppModel } from '../appModel/loadAppModel';
import type { Config } from '../config/loadConfig';
import { buildSchema } from '../graphqlSchema/buildSchema';
import type { Policy } from '../permissions/compilePolicy';
import { loadPolicy } from '../permissions/loadPolicy';
import { checkSchema, type SchemaCheck } from '../schemaChanges/checkSchema';
import type { Store } from '../store/Store';

/** `schema.graphql` and `permissions/`, each checked, together, and against the stored data. */
export interface CheckedStart {
  app: AppModel;
  policy: Policy;
  schemaCheck: SchemaCheck;
}

/**
 * The one validation that every start runs and `npm run schema -- check` reports
 * (docs/schema-changes.md), so a check that passes is a start that passes it: the app schema
 * (a mistake throws `SchemaError`), the rules against that schema (`RulesError`: a removed
 * field a rule still names, a RELATION path that no longer leads to User), the generated API,
 * and the schema against the stored data (findings; a `stop` refuses the start).
 */
export async function checkStart(config: Config, store: Store): Promise<CheckedStart> {
  const app = loadAppModel(readFileSync(config.SCHEMA_FILE, 'utf8'), config.SCHEMA_FILE);
  const policy = loadPolicy(app, config.PERMISSIONS_DIR, config.PERMISSIONS_DEFAULT);
  assertValidSchema(buildSchema(app));
  return { app, policy, schemaCheck: await checkSchema(app, store) };
}
