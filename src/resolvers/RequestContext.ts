import type { AppModel } from '../app/AppModel';
import type { Viewer } from '../auth/Viewer';
import type { Access } from '../permissions/Access';
import type { Store } from '../store/Store';
import { createLoaders, type Loaders } from './loaders';
import { RequestStore } from './requestStore';

/**
 * Everything one GraphQL request needs, built once when it arrives and dropped when it ends
 * (STYLE §4): nothing that depends on the viewer outlives the request.
 */
export interface RequestContext {
  app: AppModel;
  /** The store, counting this request's writes (see `RequestStore`). */
  store: RequestStore;
  viewer: Viewer;
  access: Access;
  loaders: Loaders;
  /** The id the response's `x-request-id` header carries, for the logs. */
  requestId: string;
  /** The client's network address, for login throttling. */
  clientAddress: string;
  /** Password hashes and comparisons this request has started: at most one (SPEC §8). */
  passwordChecks: number;
}

export function createRequestContext(
  app: AppModel, store: Store, viewer: Viewer, access: Access, request: { requestId: string; clientAddress: string } = { requestId: '', clientAddress: '' },
): RequestContext {
  const context = { app, store: new RequestStore(store), viewer, access, requestId: request.requestId, clientAddress: request.clientAddress, passwordChecks: 0 } as RequestContext;
  context.loaders = createLoaders(context);
  return context;
}
