import type { AppModel } from '../app/AppModel';
import type { Viewer } from '../auth/Viewer';
import type { Access } from '../permissions/Access';
import type { Store } from '../store/Store';
import type { SubscriberChannel } from './subscriptions/SubscriberChannel';
import { createLoaders, type Loaders } from './loaders';
import type { FileLinks } from './files/fileLinks';
import { requestStore, type RequestStore } from './requestStore';

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
  /** Signs `File.url` (SPEC §9); set by the request wiring. */
  fileLinks?: FileLinks;
  /** Set on operations that arrive over a WebSocket: the connection's send budget. */
  subscriber?: SubscriberChannel;
  /**
   * Recomputes `access` and `loaders` of `context` (this one, or the copy Apollo hands the
   * resolvers) for its current viewer from the stored state: run after each mutation, since
   * a write can change the viewer's grants (SPEC §5.3).
   */
  refreshAccess?: (context: RequestContext) => Promise<void>;
}

export function createRequestContext(
  app: AppModel, store: Store, viewer: Viewer, access: Access, request: { requestId: string; clientAddress: string } = { requestId: '', clientAddress: '' },
): RequestContext {
  const context = { app, store: requestStore(store), viewer, access, requestId: request.requestId, clientAddress: request.clientAddress, passwordChecks: 0 } as RequestContext;
  context.loaders = createLoaders(context);
  return context;
}
