import type { Readable } from 'node:stream';
import type { AppModel } from '../appModel/AppModel';
import { userError } from '../errors';
import type { ByteRange } from '../store/files/FileStore';
import type { Store, StoredDoc } from '../store/Store';
import type { RequestContext } from '../resolvers/RequestContext';
import { fileOwner } from './fileIds';
import type { SignedFileUrls, UrlSignature, UrlViewers } from './signedFileUrls';
import type { Viewer } from '../Viewer';
import { isStoredFile, type StoredFile } from '../store/files/StoredFile';

/** `GET /files/<id>` (docs/files.md), apart from HTTP itself. */
export interface FileDownloads {
  /**
   * The file, if this request may download it: when the viewer may read that field of that
   * object, under the same rules as a query. The viewer is the one a signed URL was issued to,
   * while its signature is valid, or else the one the Authorization header names. Throws
   * NOT_FOUND (no such file, an invisible object, a replaced file), FORBIDDEN (a field the
   * viewer may not read, a bad or expired signature) or UNAUTHENTICATED (a bad token).
   */
  authorize(
    fileId: string,
    signature: UrlSignature | null,
    contextFor: () => Promise<RequestContext>,
  ): Promise<StoredFile>;
  open(fileId: string, range?: ByteRange): Promise<Readable | null>;
}

export interface FileDownloadOptions {
  urls: SignedFileUrls;
  viewers: UrlViewers;
  /** The request context of the viewer a signed URL names, built as any request's is. */
  contextForViewer(viewer: Viewer): Promise<RequestContext>;
}

export function createFileDownloads(
  app: AppModel,
  store: Store,
  { urls, viewers, contextForViewer }: FileDownloadOptions,
): FileDownloads {
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
      const signed = signature !== null && Object.values(signature).some((value) => value !== null);
      const context = signed ? await contextForViewer(await signedViewer(fileId, signature)) : await contextFor();
      const doc = await context.loaders.visibleById(model).load(owner.objectId);
      const file = current(doc);
      if (!context.access.bypass && !(await context.access.allows('read', model, [field.name], doc!))) {
        throw userError('FORBIDDEN', `you may not read ${model.name}.${field.name} of this object`);
      }
      return file;
    },
    open: (fileId, range) => store.files.read(fileId, range),
  };

  /** The viewer a signed URL was issued to, if its signature still holds for that viewer as stored now. */
  async function signedViewer(fileId: string, signature: UrlSignature): Promise<Viewer> {
    const found = signature.viewer ? await viewers.find(signature.viewer) : null;
    const verdict = urls.verify(fileId, signature, found && { name: signature.viewer!, version: found.version });
    if (verdict === 'expired')
      throw userError('FORBIDDEN', 'this file URL has expired; ask the API for a fresh File.url');
    if (verdict === 'invalid' || !found)
      throw userError(
        'FORBIDDEN',
        'this file URL is not valid (altered, signed with a key no longer in use, or ended by a sign-out or password change); ask the API for a fresh File.url',
      );
    return found.viewer;
  }
}
