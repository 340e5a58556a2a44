import type { Model, ScalarField } from '../appModel/AppModel';
import { userError } from '../errors';
import type { StoredDoc } from '../store/Store';
import { decodeGlobalId } from '../resolvers/globalIds';
import { newStoredId } from '../store/newStoredId';
import type { RequestContext } from '../resolvers/RequestContext';
import { storeUpload } from './storeUpload';
import { isStoredFile, type StoredFile } from '../store/files/StoredFile';
import { Upload } from './Upload';

function fileFields(model: Model): ScalarField[] {
  return [...model.fields.values()].filter((f): f is ScalarField => f.kind === 'scalar' && f.type === 'File');
}

/** Removes files by id; a failure to remove one is logged by the caller's error path, never hides the write's own error. */
async function removeFiles(context: RequestContext, ids: readonly string[]): Promise<void> {
  await Promise.allSettled(ids.map((id) => context.store.files.delete(id)));
}

/**
 * Stores every upload in `input` and returns the input with each `Upload` replaced by the
 * stored file's description. If any upload is refused, the ones already stored are removed.
 */
async function storeUploads(context: RequestContext, model: Model, input: Record<string, unknown>, objectId: string) {
  const fields = fileFields(model).filter((field) => input[field.name] !== undefined && input[field.name] !== null);
  for (const field of fields) {
    if (!(input[field.name] instanceof Upload)) {
      throw userError('BAD_USER_INPUT', `${model.name}.${field.name} takes a file sent as a multipart request`, {
        field: field.name,
      });
    }
  }
  // All at once: each waits for its own part, so the order of the parts does not matter.
  const results = await Promise.allSettled(
    fields.map((field) => storeUpload(context, model, field, input[field.name] as Upload, objectId)),
  );
  const stored = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await removeFiles(
      context,
      stored.map((file) => file.id),
    );
    throw failed.reason;
  }
  const replaced = { ...input };
  fields.forEach((field, i) => {
    replaced[field.name] = stored[i];
  });
  return { input: replaced, ids: stored.map((file) => file.id) };
}

/**
 * `create<Type>` with files (docs/files.md): the object's id is chosen first so each file's id can
 * name its owner; if the create then fails (rules, conflicts), its files are removed, so no
 * orphan survives a failed mutation.
 */
export async function createWithFiles(
  context: RequestContext,
  model: Model,
  input: Record<string, unknown>,
  create: (input: Record<string, unknown>, id: string) => Promise<StoredDoc>,
): Promise<StoredDoc> {
  const id = newStoredId();
  if (fileFields(model).length === 0) return create(input, id);
  const stored = await storeUploads(context, model, input, id);
  try {
    return await create(stored.input, id);
  } catch (error) {
    await removeFiles(context, stored.ids);
    throw error;
  }
}

/**
 * `update<Type>` with files: new files are stored first and removed if the update fails; once
 * it succeeds, the files it replaced or cleared (`null`) are removed.
 */
export async function updateWithFiles(
  context: RequestContext,
  model: Model,
  input: Record<string, unknown>,
  update: (input: Record<string, unknown>) => Promise<StoredDoc>,
): Promise<StoredDoc> {
  const touched = fileFields(model).filter((field) => input[field.name] !== undefined);
  if (touched.length === 0) return update(input);
  const { id } = decodeGlobalId(input.id as string, [model.name]);
  // Read without the rules only to learn which files may be replaced; the update itself judges access.
  const [before] = await context.store.findByIds(model.collection, [id]);
  const stored = await storeUploads(context, model, input, id);
  let after: StoredDoc;
  try {
    after = await update(stored.input);
  } catch (error) {
    await removeFiles(context, stored.ids);
    throw error;
  }
  const replaced = touched
    .map((field) => before?.[field.name])
    .filter((value): value is StoredFile => isStoredFile(value))
    .map((file) => file.id)
    .filter((fileId) => !touched.some((field) => (after[field.name] as StoredFile | undefined)?.id === fileId));
  await removeFiles(context, replaced);
  return after;
}

/** After `delete<Type>`: the object's files go with it. */
export async function removeFilesOf(context: RequestContext, model: Model, deleted: StoredDoc): Promise<void> {
  const ids = fileFields(model)
    .map((field) => deleted[field.name])
    .filter(isStoredFile)
    .map((file) => file.id);
  await removeFiles(context, ids);
}
