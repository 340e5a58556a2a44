import type { Model } from '../appModel/AppModel';
import { matchesFilterWithStore } from '../store/matchesFilterWithStore';
import { semiJoinProbe, type SemiJoinProbe } from '../store/semiJoinProbe';
import type { Store, StoredDoc } from '../store/Store';
import type { Access, Operation, RuleGrant } from './Access';
import { conditionToFilter } from './Condition';
import type { CompiledRule } from './Rule';

/** One operation on one object, as a client would ask it of the server. */
export interface Question {
  operation: Operation;
  model: Model;
  /** The fields read, or written by the input; empty asks only "may I see / delete it". */
  fields: readonly string[];
  /** The object as stored (read, update, delete) or as it would be stored (create). */
  object: StoredDoc;
  /** Update only: the object as it will be after the change (defaults to `object`). */
  after?: StoredDoc;
}

/** A field's answer and the rules behind it. */
export interface FieldVerdict {
  field: string;
  allowed: boolean;
  /** The rules whose grant covers the field and holds for the object. */
  grantedBy: CompiledRule[];
}

export interface Verdict {
  allowed: boolean;
  /** Admin token or `admin` role member: no rule was asked. */
  bypass: boolean;
  /** False when the object is not visible to the viewer (reads, updates and deletes fail then). */
  visible: boolean;
  fields: FieldVerdict[];
  /** The rules that grant the operation to this viewer at all, whether or not they hold here. */
  candidates: readonly RuleGrant[];
  /** The candidates that hold for this object (on any field): what decides a delete. */
  heldBy: CompiledRule[];
}

/**
 * Answers a `Question` with the server's own calls, in the server's order (docs/permissions.md#what-each-operation-checks): the
 * visibility filter runs as a store query, as `get`/`update`/`delete` run it; fields and
 * writes go through `Access.allows`. The grants only name the rules; they decide nothing
 * that `Access` did not. `permissions test` and `permissions explain` both answer through
 * here, so neither can drift from the server.
 */
export async function judge(access: Access, store: Store, question: Question): Promise<Verdict> {
  const { operation, model, object } = question;
  const candidates = await access.grants(operation, model);
  const visible = operation === 'create' || (await isVisible(access, store, model, object._id));
  // RELATION hops are semi-joins: whether a grant holds for this object may ask the store.
  const probe = semiJoinProbe(store);
  const held = new Set<RuleGrant>();
  for (const grant of candidates) if (await holds(grant, object, probe)) held.add(grant);
  const fieldVerdicts: FieldVerdict[] = [];
  for (const field of question.fields) {
    const allowed = visible && (await fieldAllowed(access, question, field));
    fieldVerdicts.push({ field, allowed, grantedBy: granting(candidates, held, field, operation) });
  }
  // Without fields (and always for delete) the object as a whole is asked about.
  const whole =
    question.fields.length > 0 && operation !== 'delete'
      ? fieldVerdicts.every((f) => f.allowed)
      : operation === 'read' || (await access.allows(operation, model, [], object));
  const heldBy = candidates.filter((g) => held.has(g)).map((g) => g.rule);
  return { allowed: visible && whole, bypass: access.bypass, visible, fields: fieldVerdicts, candidates, heldBy };
}

async function isVisible(access: Access, store: Store, model: Model, id: string): Promise<boolean> {
  const filter = { $and: [{ _id: { $eq: id } }, conditionToFilter(await access.visible(model))] };
  return (await store.find(model.collection, { filter, sort: [], limit: 1 })).length > 0;
}

async function fieldAllowed(access: Access, question: Question, field: string): Promise<boolean> {
  const { operation, model, object } = question;
  // The id of a visible object is always readable (docs/permissions.md#what-each-operation-checks).
  if (operation === 'read' && field === 'id') return true;
  if (operation !== 'update') return access.allows(operation, model, [field], object);
  // An update must hold on the object as it is and as it will be (docs/permissions.md#what-each-operation-checks).
  return (
    (await access.allows('update', model, [field], object)) &&
    access.allows('update', model, [field], question.after ?? object)
  );
}

/** The grants that cover `field` and hold for the object (`held`): the rules to name in an answer. */
export function granting(
  grants: readonly RuleGrant[],
  held: ReadonlySet<RuleGrant>,
  field: string,
  operation: Operation,
): CompiledRule[] {
  return grants
    .filter((g) => g.fields === 'all' || g.fields.has(field) || (operation === 'read' && field === 'id'))
    .filter((g) => held.has(g))
    .map((g) => g.rule);
}

/** Whether a grant's condition admits `object` (an `allow` admits every object); semi-joins ask `probe`. */
export async function holds(grant: RuleGrant, object: StoredDoc, probe: SemiJoinProbe): Promise<boolean> {
  return (
    grant.condition.kind === 'allow' ||
    (grant.condition.kind === 'filter' && (await matchesFilterWithStore(probe, grant.condition.filter, object)))
  );
}
