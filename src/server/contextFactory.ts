import type { IncomingMessage } from 'node:http';
import type { AppModel } from '../appModel/AppModel';
import type { Authenticator } from '../auth/authenticate';
import type { Policy } from '../permissions/compilePolicy';
import { createAccess } from '../permissions/createAccess';
import { loadMemberships } from '../permissions/Membership';
import type { Viewer } from '../Viewer';
import type { SignedFileUrls } from '../files/signedFileUrls';
import type { ClientAddressOf } from '../http/clientAddress';
import { continueAs, createRequestContext, type RequestContext } from '../resolvers/RequestContext';
import { ClientReadBudgets } from '../limits/readBudgets';
import { ReadBudget, type ReadLimits } from '../store/ReadBudget';
import type { Store } from '../store/Store';

export interface ContextFactory {
  /** One HTTP request's context: Authorization header → viewer → memberships → access → loaders. */
  fromRequest(request: IncomingMessage, requestId: string): Promise<RequestContext>;
  /** The context for a viewer already known: transports without a header per request (WebSocket, docs/subscriptions.md). */
  forViewer(viewer: Viewer, request: { requestId: string; clientAddress: string }): Promise<RequestContext>;
  /** After a sign-up or login: the rest of `context`'s request runs as `viewer` (`continueAs`). */
  signInAs(context: RequestContext, viewer: Viewer): Promise<void>;
}

/**
 * The one place a request context is built: at the start of a request, for a new identity
 * after a sign-up or login, and for the same viewer after each mutation (`refreshAccess`).
 */
export function createContextFactory(
  app: AppModel,
  policy: Policy,
  store: Store,
  authenticator: Authenticator,
  fileUrls: SignedFileUrls,
  clientAddressOf: ClientAddressOf,
  readLimits: ReadLimits,
): ContextFactory {
  const budgets = new ClientReadBudgets(readLimits);
  /** A client's requests share its budget; the server's own contexts (no address) get one each. */
  const budgetOf = (clientAddress: string) => (clientAddress ? budgets.for(clientAddress) : new ReadBudget(readLimits));

  async function contextOf(
    viewer: Viewer,
    request: { requestId: string; clientAddress: string; readBudget?: ReadBudget },
  ): Promise<RequestContext> {
    const memberships = viewer.kind === 'user' ? await loadMemberships(app, store, viewer.id) : [];
    const access = createAccess({ app, policy, store, viewer, memberships });
    const context = createRequestContext(app, store, viewer, access, request);
    context.fileUrls = fileUrls;
    // After each mutation the same viewer's grants are judged again on the state it left.
    context.refreshAccess = async (current) => continueAs(current, await contextOf(current.viewer, request));
    return context;
  }

  return {
    async fromRequest(request, requestId) {
      const viewer = await authenticator.viewerFrom(request.headers.authorization);
      const clientAddress = clientAddressOf(request);
      return contextOf(viewer, { requestId, clientAddress, readBudget: budgetOf(clientAddress) });
    },
    forViewer: (viewer, request) => contextOf(viewer, { ...request, readBudget: budgetOf(request.clientAddress) }),
    async signInAs(context, viewer) {
      continueAs(context, await contextOf(viewer, context));
    },
  };
}
