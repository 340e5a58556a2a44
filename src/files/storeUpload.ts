import type { Model, ScalarField } from '../appModel/AppModel';
import { DEFAULT_MAX_FILE_SIZE } from '../appModel/uploadDirective';
import { userError } from '../errors';
import { FileTooLarge } from '../store/files/FileStore';
import type { RequestContext } from '../resolvers/RequestContext';
import { newFileId } from './fileIds';
import { judgeFileType, SNIFF_BYTES } from './judgeFileType';
import { readHead } from './readHead';
import { cleanFileName, type StoredFile } from '../store/files/StoredFile';
import type { Upload } from './Upload';

/**
 * Streams one upload into the file store as it arrives (docs/files.md): the type is judged from the
 * first bytes before anything is written, and the size is counted while writing, so an
 * oversized file stops at its field's `maxSize` and leaves nothing stored.
 */
export async function storeUpload(
  context: RequestContext,
  model: Model,
  field: ScalarField,
  upload: Upload,
  objectId: string,
): Promise<StoredFile> {
  const spec = field.upload ?? { accept: ['*/*'], maxSize: DEFAULT_MAX_FILE_SIZE };
  const where = `${model.name}.${field.name}`;
  const { filename, mimeType, stream } = await upload.take();
  // The part's own stream fails when the request breaks off mid-file: the client's doing, not the store's.
  const cutOff = () =>
    userError('BAD_USER_INPUT', `${where}: the upload broke off before the file's end`, { field: field.name });
  let head: Buffer, rest: AsyncGenerator<Buffer>, drain: () => void;
  try {
    ({ head, rest, drain } = await readHead(stream, SNIFF_BYTES));
  } catch (error) {
    if (stream.errored) throw cutOff();
    throw error;
  }
  const verdict = judgeFileType(head, mimeType, spec.accept);
  if ('refused' in verdict) {
    drain();
    throw userError('BAD_USER_INPUT', `${where}: ${verdict.refused}`, { field: field.name, accept: spec.accept });
  }
  const id = newFileId({ model: model.name, objectId, field: field.name });
  try {
    const { size, sha256 } = await context.store.files.put(id, rest, spec.maxSize);
    return { id, name: cleanFileName(filename), contentType: verdict.contentType, size, sha256 };
  } catch (error) {
    drain();
    if (error instanceof FileTooLarge) {
      throw userError('BAD_USER_INPUT', `${where}: the file is larger than ${spec.maxSize} bytes`, {
        field: field.name,
        limit: spec.maxSize,
      });
    }
    if (stream.errored) throw cutOff();
    throw error;
  }
}
