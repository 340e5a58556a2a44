import { isUserError } from '../errors';
import type { RequestLogNotes } from '../http/requestLog';
import type { RequestContext } from '../resolvers/RequestContext';

// On the context itself: Apollo hands plugins a shallow copy of it, which keeps the property.
const LOG_NOTES = Symbol('request log notes');
type Noted = RequestContext & { [LOG_NOTES]?: RequestLogNotes };

/**
 * Builds a request's context and ties the HTTP log line's notes to it, for the Apollo plugin
 * that fills them in (`http/responsePlugins.ts`). A refused token is noted here: Apollo answers
 * a failed context without running plugins.
 */
export async function contextWithNotes(
  notes: RequestLogNotes,
  build: () => Promise<RequestContext>,
): Promise<RequestContext> {
  let context: RequestContext;
  try {
    context = await build();
  } catch (error) {
    notes.errorCodes = [isUserError(error) ? String(error.extensions.code) : 'INTERNAL_SERVER_ERROR'];
    throw error;
  }
  (context as Noted)[LOG_NOTES] = notes;
  return context;
}

export function notesOf(context: RequestContext): RequestLogNotes | undefined {
  return (context as Noted)[LOG_NOTES];
}
