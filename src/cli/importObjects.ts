import { coerceInputValue, GraphQLInputObjectType } from 'graphql';
import type { AppModel, Model } from '../appModel/AppModel';
import { BYPASS_ACCESS } from '../permissions/bypassAccess';
import { createObject } from '../resolvers/mutations/createObject';
import { newStoredId } from '../store/newStoredId';
import { createRequestContext, type RequestContext } from '../resolvers/RequestContext';
import { buildSchema } from '../graphqlSchema/buildSchema';
import type { Store } from '../store/Store';
import { ImportFileError, type ImportItem } from './readItems';

/** Objects written per transaction: big enough that commits are not the cost, small enough to redo one. */
export const DEFAULT_IMPORT_BATCH = 5_000;

export interface ImportOptions {
  app: AppModel;
  store: Store;
  type: string;
  items: AsyncIterable<ImportItem>;
  /** Items to pass over first: how many a stopped run reported as written. */
  skip?: number;
  batchSize?: number;
  /** Called after each committed batch with the running total. */
  onWritten?(written: number): void;
}

export interface ImportResult {
  written: number;
  skipped: number;
  /** The first bad item, where it is and why; everything before it is written. */
  failure?: { where: string; reason: string };
}

interface Pending {
  input: Record<string, unknown>;
  where: string;
}

/**
 * `npm run import`: each item is a `Create<Type>Input` (as `create<Type>` takes it: scalars,
 * `<field>Id` global ids), checked by the same GraphQL input type and written by the same
 * `createObject` as the API, with an operator's rights (like an admin token). Items are written
 * in transactions of `batchSize`; at the first bad item, every item before it is written and
 * nothing after, so `skip: written` resumes exactly there.
 */
export async function importObjects(options: ImportOptions): Promise<ImportResult> {
  const { app, store, type, skip = 0, batchSize = DEFAULT_IMPORT_BATCH } = options;
  const model = app.models.get(type);
  if (!model || model.builtIn) {
    const names = [...app.models.values()].filter((m) => !m.builtIn).map((m) => m.name);
    throw new ImportFileError(
      `${type} is not a type of this app (${names.join(', ')}); users are created with createManyUsers`,
    );
  }
  const inputType = buildSchema(app).getType(`Create${type}Input`) as GraphQLInputObjectType;
  const context = createRequestContext(app, store, { kind: 'adminToken', name: 'import' }, BYPASS_ACCESS);
  const result: ImportResult = { written: 0, skipped: 0 };
  let batch: Pending[] = [];

  const flush = async (): Promise<boolean> => {
    const failure = await writeBatch(context, model, batch);
    result.written += failure ? failure.index : batch.length;
    batch = [];
    options.onWritten?.(result.written);
    if (failure) result.failure = failure;
    return !failure;
  };

  for await (const item of options.items) {
    if (result.skipped < skip) {
      result.skipped += 1;
      continue;
    }
    const checked = checkItem(item.value, inputType);
    if ('reason' in checked) {
      await flush();
      result.failure ??= { where: item.where, reason: checked.reason };
      return result;
    }
    batch.push({ input: checked.input, where: item.where });
    if (batch.length >= batchSize && !(await flush())) return result;
  }
  if (batch.length > 0) await flush();
  return result;
}

/** The item as the API would take it, or the first reason it would not. */
function checkItem(
  value: unknown,
  inputType: GraphQLInputObjectType,
): { input: Record<string, unknown> } | { reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { reason: `expected an object like ${inputType.name}` };
  let reason: string | undefined;
  const input = coerceInputValue(value, inputType, (path, _invalid, error) => {
    const at = path
      .map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`))
      .join('')
      .replace(/^\./, '');
    reason ??= at ? `${at}: ${error.message}` : error.message;
  }) as Record<string, unknown>;
  return reason === undefined ? { input } : { reason };
}

/**
 * Writes a batch in one transaction. If an item is refused (a taken unique value, a missing
 * reference), the transaction is undone and the items before it are written again on their
 * own, so the run stops with exactly those written.
 */
async function writeBatch(
  context: RequestContext,
  model: Model,
  batch: Pending[],
): Promise<{ index: number; where: string; reason: string } | undefined> {
  if (batch.length === 0) return undefined;
  // Ids are random (they must not tell when an object was made); handing them out in sorted
  // order lets each transaction fill the id index in key order, about twice as fast at 100k.
  const ids = batch.map(() => newStoredId()).sort();
  let failed: { index: number; where: string; reason: string } | undefined;
  const writeUpTo = (end: number) =>
    context.store.transaction(async (tx) => {
      for (let index = 0; index < end; index += 1) {
        try {
          await createObject(context, model, batch[index].input, { store: tx, id: ids[index] });
        } catch (error) {
          failed = { index, where: batch[index].where, reason: (error as Error).message };
          throw error;
        }
      }
    });
  try {
    await writeUpTo(batch.length);
    return undefined;
  } catch (error) {
    if (!failed) throw error;
  }
  const stop = failed;
  if (stop.index > 0) await writeUpTo(stop.index);
  return stop;
}
