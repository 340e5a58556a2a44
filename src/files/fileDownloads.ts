import type { Readable } from 'node:stream';
import type { AppModel } from '../appModel/AppModel';
import { userError } from '../errors';
import type { ByteRange } from '../store/files/FileStore';
import type { Store, StoredDoc } from '../store/Store';
import type { RequestContext } from '../resolvers/RequestContext';
import { fileOwner } from './fileIds';
import type { SignedFileUrls } from './signedFileUrls';
import { isStoredFile, type StoredFile } from '../store/files/StoredFile';

export interface UrlSignature {
  expires: string | null;
  signature: string | null;
}

/** `GET /files/<id>` (docs/files.md), apart from HTTP itself. */
export interface FileDownloads {
  /**
   * The file, if this request may download it: with a signed URL, while it is valid;
   * otherwise when the viewer (from the Authorization header) may read that field of that
   * object, under the same rules as a query. Throws NOT_FOUND (no such file, an invisible
   * object, a replaced file), FORBIDDEN (a field the viewer may not read, a bad or expired
   * signature) or UNAUTHENTICATED (a bad token).
   */
  authorize(
    fileId: string,
    signature: UrlSignature | null,
    contextFor: () => Promise<RequestContext>,
  ): Promise<StoredFile>;
  open(fileId: string, range?: ByteRange): Promise<Readable | null>;
}

export function createFileDownloads(app: AppModel, store: Store, urls: SignedFileUrls): FileDownloads {
  const missing = () => userError('NOT_FOUND', 'no such file');

  /** The owner's model and the file as its object stores it now; a replaced file is gone. */
  function locate(fileId: string) {
    const owner = fileOwner(fileId);
    const model = owner && app.models.get(owner.model);
    const field = owner && model?.fields.get(owner.field);
    if (!owner || !model || field?.kind !== 'scalar' || field.type !== 'File') throw missing();
    const current = (doc: StoredDoc | null | undefined): StoredFile => {
      const value = doc?.[field.name];
      if (!isStoredFile(value) || value.id !== fileId) throw missing();
      return value;
    };
    return { owner, model, field, current };
  }

  return {
    async authorize(fileId, signature, contextFor) {
      const { owner, model, field, current } = locate(fileId);
      if (signature && (signature.expires !== null || signature.signature !== null)) {
        const verdict = urls.verify(fileId, signature.expires, signature.signature);
        if (verdict === 'expired')
          throw userError('FORBIDDEN', 'this file URL has expired; ask the API for a fresh File.url');
        if (verdict === 'invalid') throw userError('FORBIDDEN', 'this file URL is not valid');
        const [doc] = await store.findByIds(model.collection, [owner.objectId]);
        return current(doc);
      }
      const context = await contextFor();
      const doc = await context.loaders.visibleById(model).load(owner.objectId);
      const file = current(doc);
      if (!context.access.bypass && !(await context.access.allows('read', model, [field.name], doc!))) {
        throw userError('FORBIDDEN', `you may not read ${model.name}.${field.name} of this object`);
      }
      return file;
    },
    open: (fileId, range) => store.files.read(fileId, range),
  };
}
