import type { Model } from '../appModel/AppModel';
import type { RequestContext } from '../resolvers/RequestContext';
import type { Filter, Scalar } from '../store/Store';

/** A unique value of a sign-up that someone holds already. */
export interface Taken {
  /** The sign-up it is in (its index in a batch; 0 for a single one). */
  index: number;
  field: string;
  /**
   * The caller may not read this field of other users, so the answer says something they
   * could not otherwise learn: that someone holds the value (a hidden email).
   */
  hidden: boolean;
}

/** The `@unique` scalar fields of `model` (username, email, …). */
function uniqueFields(model: Model): string[] {
  return [...model.fields.values()].filter((f) => f.kind === 'scalar' && f.unique && !f.system).map((f) => f.name);
}

/** The unique fields these sign-ups set to a value the caller may not read on other users. */
export async function hiddenUniqueFields(
  context: RequestContext,
  model: Model,
  inputs: readonly Record<string, unknown>[],
): Promise<string[]> {
  if (context.access.bypass) return [];
  const given = uniqueFields(model).filter((field) => inputs.some((input) => input[field] != null));
  const readable = await Promise.all(given.map((field) => context.access.readable(model, field)));
  return given.filter((_field, i) => readable[i].kind !== 'allow');
}

/**
 * The first unique value among `inputs` that is taken, by a stored user or by an earlier item
 * of the same batch, in item order: what the insert would refuse, found with one indexed read
 * before any password is hashed. The unique indexes still decide at the insert (a value taken
 * in between is a CONFLICT then, as before).
 */
export async function firstTaken(
  context: RequestContext,
  model: Model,
  inputs: readonly Record<string, unknown>[],
  hidden: readonly string[],
): Promise<Taken | undefined> {
  const fields = uniqueFields(model);
  const asked: Filter[] = [];
  for (const field of fields) {
    const values = inputs.map((input) => input[field]).filter((v) => typeof v === 'string' || typeof v === 'number');
    if (values.length > 0) asked.push({ [field]: { $in: values as Scalar[] } });
  }
  if (asked.length === 0) return undefined;
  const holders = await context.store.find(model.collection, {
    filter: { $or: asked },
    sort: [],
    limit: inputs.length * fields.length,
  });
  const stored = new Map(fields.map((field) => [field, new Set(holders.map((doc) => doc[field]))]));
  const earlier = new Map(fields.map((field) => [field, new Set<unknown>()]));
  for (const [index, input] of inputs.entries()) {
    for (const field of fields) {
      const value = input[field];
      if (value == null) continue;
      if (stored.get(field)!.has(value)) return { index, field, hidden: hidden.includes(field) };
      if (earlier.get(field)!.has(value)) return { index, field, hidden: false };
      earlier.get(field)!.add(value);
    }
  }
  return undefined;
}
