import type { AppModel } from '../appModel/AppModel';
import { collectionSpecs } from '../appModel/collectionSpecs';
import type { CollectionSpec, Store } from '../store/Store';
import { assessChanges, formatFindings, type SchemaFinding } from './assessChanges';
import { diffSnapshots } from './diffSnapshots';
import { snapshotOf, type SchemaSnapshot } from './SchemaSnapshot';

/** Where the snapshot of the schema the data was last served under is kept. */
export const SCHEMA_SNAPSHOTS: CollectionSpec = { name: '_schema', indexes: [] };
const CURRENT_SNAPSHOT_ID = 'current';

/** Documents filled with a `@default` per store query. */
export const FILL_BATCH = 500;

/** The start is refused: the schema asks for something the stored data does not satisfy. */
export class SchemaChangeRefused extends Error {
  constructor(readonly findings: SchemaFinding[]) {
    super(`schema.graphql does not fit the stored data:\n${formatFindings(findings)}`);
    this.name = 'SchemaChangeRefused';
  }
}

export interface SchemaCheck {
  findings: SchemaFinding[];
  /** True when no snapshot was stored: removals and type changes could not be checked. */
  firstCheck: boolean;
  snapshot: SchemaSnapshot;
}

/**
 * Compares `app` with the stored data (`npm run schema -- check` and every start). Writes
 * nothing but empty collections, which the start creates anyway, so counts can be taken
 * before any index is built.
 */
export async function checkSchema(app: AppModel, store: Store): Promise<SchemaCheck> {
  await store.ensureCollections([
    SCHEMA_SNAPSHOTS,
    ...collectionSpecs(app).map((spec) => ({ name: spec.name, indexes: [] })),
  ]);
  const [stored] = await store.findByIds(SCHEMA_SNAPSHOTS.name, [CURRENT_SNAPSHOT_ID]);
  const previous = stored?.snapshot as SchemaSnapshot | undefined;
  const snapshot = snapshotOf(app);
  const findings = await assessChanges(store, diffSnapshots(previous, snapshot));
  return { findings, firstCheck: !previous, snapshot };
}

/**
 * At start, before indexes are built, with what `checkSchema` found: refuses a change that cannot be applied, reports the
 * rest through `warn`, and fills new required fields from their `@default`. Returns a
 * function that records the schema as applied, to call once the indexes are built.
 */
export async function applySchemaAtStart(
  { findings, snapshot }: SchemaCheck,
  store: Store,
  warn: (finding: SchemaFinding, text: string) => void,
): Promise<() => Promise<void>> {
  const stops = findings.filter((finding) => finding.severity === 'stop');
  if (stops.length > 0) throw new SchemaChangeRefused(stops);
  for (const finding of findings) {
    warn(finding, formatFindings([finding]));
    const change = finding.change;
    if (finding.severity === 'fill' && change.kind === 'requiredAdded')
      await fillDefault(store, change.collection, change.field, change.defaultValue);
  }
  return async () => {
    const update = { set: { snapshot } };
    if (!(await store.update(SCHEMA_SNAPSHOTS.name, CURRENT_SNAPSHOT_ID, update))) {
      await store.insert(SCHEMA_SNAPSHOTS.name, { _id: CURRENT_SNAPSHOT_ID, snapshot });
    }
  };
}

/** Each pass takes objects still without a value, so an interrupted fill resumes at the next start. */
async function fillDefault(store: Store, collection: string, field: string, value: unknown): Promise<void> {
  for (;;) {
    const page = await store.find(collection, {
      filter: { [field]: { $eq: null } },
      sort: [{ field: '_id', direction: 1 }],
      limit: FILL_BATCH,
    });
    for (const doc of page) await store.update(collection, doc._id, { set: { [field]: value } });
    if (page.length < FILL_BATCH) return;
  }
}
