import type { Model, RelationField, ScalarField } from '../appModel/AppModel';
import { userError } from '../errors';
import { conditionToFilter } from '../permissions/Condition';
import type { StoredDoc } from '../store/Store';
import { resolveConnection, type ConnectionArgs } from './connections';
import { linkedScope, linkEdgeData } from './links';
import { tagModel } from './modelOf';
import { nestedFirstPage } from './nestedConnections';
import type { RequestContext } from './RequestContext';

/**
 * A field of a visible object: its value if some rule lets the viewer read that field of
 * that object, else `null` with a FORBIDDEN error at its path (docs/permissions.md#what-each-operation-checks).
 */
async function assertReadable(context: RequestContext, model: Model, field: string, doc: StoredDoc): Promise<void> {
  if (context.access.bypass) return;
  if (!(await context.access.allows('read', model, [field], doc))) throw forbiddenRead(context, model, field);
}

function forbiddenRead(context: RequestContext, model: Model, field: string): Error {
  const hint = context.access.denialHint?.('read', model, [field]);
  return userError('FORBIDDEN', `you may not read ${model.name}.${field} of this object${hint ? `: ${hint}` : ''}`);
}

/**
 * Whether the field can be read, decided at once where the rules allow it (an admin; a rule
 * decided in memory, once a page has compiled the type's grants): then a resolver returns the
 * value itself, not a promise of it, which spares graphql-js a promise per field and per object
 * of a page. Undefined: only `assertReadable` can tell.
 */
function readableNow(context: RequestContext, model: Model, field: string, doc: StoredDoc): boolean | undefined {
  if (context.access.bypass) return true; // the common case of scripts, without a list per field
  const readable = context.access.allowsNow('read', model, [field], doc);
  if (readable === false) throw forbiddenRead(context, model, field);
  return readable;
}

export function resolveScalarField(context: RequestContext, model: Model, field: ScalarField, doc: StoredDoc): unknown {
  if (readableNow(context, model, field.name, doc)) return doc[field.name] ?? null;
  return readableValue(context, model, field, doc);
}

async function readableValue(
  context: RequestContext,
  model: Model,
  field: ScalarField,
  doc: StoredDoc,
): Promise<unknown> {
  await assertReadable(context, model, field.name, doc);
  return doc[field.name] ?? null;
}

/** A relation field: the target object(s) the viewer may see, by how the link is stored. */
export function resolveRelationField(
  context: RequestContext,
  model: Model,
  field: RelationField,
  doc: StoredDoc,
  args: ConnectionArgs,
): unknown {
  // A reference readable at once (the author of each post of a page) goes straight to the
  // batched loader, without a promise around the loader's own.
  if (field.storage === 'reference' && readableNow(context, model, field.name, doc))
    return referencedObject(context, field, doc);
  return readableRelation(context, model, field, doc, args);
}

function referencedObject(
  context: RequestContext,
  field: RelationField,
  doc: StoredDoc,
): StoredDoc | Promise<StoredDoc | null> | null {
  const id = doc[field.name];
  if (typeof id !== 'string') return null;
  const target = context.app.models.get(field.target)!;
  // Already read in this request (an admin's page loads its references up front): no promise.
  const known = context.loaders.visibleNow(target, id);
  return known ? known.value : context.loaders.visibleById(target).load(id);
}

async function readableRelation(
  context: RequestContext,
  model: Model,
  field: RelationField,
  doc: StoredDoc,
  args: ConnectionArgs,
): Promise<unknown> {
  await assertReadable(context, model, field.name, doc);
  const target = context.app.models.get(field.target)!;
  const relation = context.app.relations.get(field.relation)!;
  if (relation.kind === 'toOne') {
    if (field.storage === 'reference') return referencedObject(context, field, doc);
    const scope = { [relation.owner.field]: { $eq: doc._id } };
    if (field.list && !hasCursor(args)) return nestedFirstPage(context, model, field, doc._id, args);
    if (field.list) return resolveConnection(context, target, args, scope);
    const visible = conditionToFilter(await context.access.visible(target));
    const [found] = await context.store.find(target.collection, {
      filter: { $and: [scope, visible] },
      sort: [{ field: '_id', direction: 1 }],
      limit: 1,
    });
    return found ? tagModel(found, target.name) : null;
  }
  if (!hasCursor(args)) return nestedFirstPage(context, model, field, doc._id, args);
  const scope = await linkedScope(context, relation, model.name, doc._id);
  return resolveConnection(context, target, args, scope, linkEdgeData(context, relation, model.name, doc._id));
}

/** A page with a cursor belongs to one parent, so it is not batched (see `nestedFirstPage`). */
function hasCursor(args: ConnectionArgs): boolean {
  return args.after != null || args.before != null;
}
