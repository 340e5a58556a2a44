import type { AppModel } from '../appModel/AppModel';
import type { Viewer } from '../Viewer';
import type { Access } from '../permissions/Access';
import type { ReadBudget } from '../store/ReadBudget';
import type { Store } from '../store/Store';
import type { SubscriberChannel } from './SubscriberChannel';
import { createLoaders, type Loaders } from './loaders';
import { requestStore, sameStore, type RequestStore } from './requestStore';

/**
 * Everything one GraphQL request needs, built when it arrives and dropped when it ends: nothing
 * that depends on the viewer outlives the request. `viewer`, `access` and `loaders` derive from
 * one another and change only together, through `continueAs`: after a sign-up or login, and
 * after each mutation (`refreshAccess`).
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
  /** Password hashes and comparisons this request has started: at most one (docs/limits.md). */
  passwordChecks: number;
  /**
   * What this request's reads may cost (docs/limits.md): its client's budget, which every read
   * through `store` that takes a filter draws on. Kept through `continueAs`. None for the
   * server's own work (the CLI).
   */
  readBudget?: ReadBudget;
  /** Signs `File.url` (docs/files.md); set by the request wiring. */
  fileUrls?: { urlFor(fileId: string, viewer: Viewer): string };
  /** Set on operations that arrive over a WebSocket: the connection's send budget. */
  subscriber?: SubscriberChannel;
  /**
   * Recomputes `access` and `loaders` of `context` (this one, or the copy Apollo hands the
   * resolvers) for its current viewer from the stored state: run after each mutation, since
   * a write can change the viewer's grants (docs/permissions.md#what-each-operation-checks).
   */
  refreshAccess?: (context: RequestContext) => Promise<void>;
}

export function createRequestContext(
  app: AppModel,
  store: Store,
  viewer: Viewer,
  access: Access,
  request: { requestId: string; clientAddress: string; readBudget?: ReadBudget } = { requestId: '', clientAddress: '' },
): RequestContext {
  const context = {
    app,
    store: requestStore(store, request.readBudget),
    viewer,
    access,
    requestId: request.requestId,
    clientAddress: request.clientAddress,
    passwordChecks: 0,
    readBudget: request.readBudget,
  } as RequestContext;
  context.loaders = createLoaders(context);
  return context;
}

/**
 * The one change a context allows once built. After a sign-up or login the rest of the request
 * runs as the new user (docs/api.md#users-and-tokens), so the payload shows what the returned token may see and no
 * more; after a mutation the same viewer is judged again on the state it left (docs/permissions.md#what-each-operation-checks).
 * `next` is a context built the way every request's is; its viewer, access and loaders replace
 * ours together, so no loader cache or access decision made before is left behind (the store
 * wrapper too, whose write count the new loaders' memo follows). Everything else (the store
 * underneath, request id, password work done) stays.
 */
export function continueAs(context: RequestContext, next: RequestContext): void {
  if (next.app !== context.app || !sameStore(next.store, context.store))
    throw new Error('continueAs: the next context must share the app and the store');
  context.store = next.store;
  context.viewer = next.viewer;
  context.access = next.access;
  context.loaders = next.loaders;
}
