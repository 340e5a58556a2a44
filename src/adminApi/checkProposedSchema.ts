import { loadAppModel } from '../appModel/loadAppModel';
import { SchemaError } from '../appModel/SchemaError';
import { userError } from '../errors';
import type { SchemaFinding } from '../schemaChanges/assessChanges';
import { checkSchema } from '../schemaChanges/checkSchema';
import type { Store } from '../store/Store';

/** The name a proposed schema goes by in its errors (`proposed schema.graphql:3: …`). */
const PROPOSED_FILE = 'proposed schema.graphql';

export interface SchemaCheckReport {
  /** No finding at all: the stored data fits as it is. */
  fits: boolean;
  /** Some finding cannot be applied: the server would refuse to start with this schema. */
  startRefused: boolean;
  /** No schema was recorded for this data yet: only unique and required fields were checked. */
  firstCheck: boolean;
  findings: Omit<SchemaFinding, 'change'>[];
  /** The last line `npm run schema -- check` prints. */
  summary: string;
}

/**
 * `npm run schema -- check` for a schema the operator proposes (`schemaCheck`): the same
 * comparison with the stored data, through `checkSchema`, before a deploy. A schema that does
 * not load is BAD_USER_INPUT naming the line, as the start would refuse it.
 */
export async function checkProposedSchema(store: Store, text: string): Promise<SchemaCheckReport> {
  let app;
  try {
    app = loadAppModel(text, PROPOSED_FILE);
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    throw userError('BAD_USER_INPUT', error.message, { line: error.line });
  }
  const { findings, firstCheck } = await checkSchema(app, store);
  const stops = findings.filter((finding) => finding.severity === 'stop').length;
  return {
    fits: findings.length === 0,
    startRefused: stops > 0,
    firstCheck,
    findings: findings.map(({ severity, subject, count, message, fix }) => ({
      severity,
      subject,
      count,
      message,
      fix,
    })),
    summary:
      findings.length === 0
        ? `the proposed schema fits the stored data`
        : stops > 0
          ? `the server would refuse to start: ${stops} change${stops === 1 ? '' : 's'} cannot be applied`
          : 'the server would start',
  };
}
