import type { Model } from '../appModel/AppModel';
import type { Access } from '../permissions/Access';
import { conditionToFilter } from '../permissions/Condition';
import type { RequestContext } from '../resolvers/RequestContext';
import { whereToFilter, type WhereInput } from '../resolvers/where';
import type { Filter } from '../store/Store';
import { collectionsRead } from './joinsChanged';

/**
 * What a subscriber sees of a model under some grants, as store filters: `inView` is its
 * visibility AND its `where` (an object it would list), `readable` the objects in view whose
 * field it may read, per field (fields with the same condition share one filter object). One
 * object per model, `where` and grants, shared by the subscriptions that have them, so alike
 * subscribers are recognised by identity, never by comparing filters.
 */
export interface CompiledView {
  inView: Filter;
  readable: ReadonlyMap<string, Filter>;
  /** Every collection whose writes may change what this view shows: the model's semi-joins, and its references' targets. */
  reads: ReadonlySet<string>;
}

/** Distinct views kept; past it the cache starts afresh (views compile again as they are asked for). */
export const MAX_VIEWS_CACHED = 10_000;

/** The views of this process's subscriptions, by model, `where` and grants. */
export class ViewCache {
  private readonly views = new Map<string, Promise<CompiledView>>();
  private readonly visibility = new Map<string, Promise<Filter>>();

  constructor(private readonly capacity = MAX_VIEWS_CACHED) {}

  get(
    context: RequestContext,
    model: Model,
    where: { input: WhereInput | null; key: string },
    grants: { key: string; access: Access },
  ): Promise<CompiledView> {
    return this.remembered(`${model.name}\u0000${where.key}\u0000${grants.key}`, () =>
      compileView(context, model, where.input, grants.access),
    );
  }

  /** The objects of `model` the grants let one see, as a filter (a reference's target shows only when visible). */
  visible(model: Model, grants: { key: string; access: Access }): Promise<Filter> {
    const key = `${model.name}\u0000${grants.key}`;
    let visible = this.visibility.get(key);
    if (!visible) {
      if (this.visibility.size >= this.capacity) this.visibility.clear();
      visible = grants.access.visible(model).then(conditionToFilter);
      this.visibility.set(key, visible);
    }
    return visible;
  }

  /** The view under `key`, compiled by `compile` when not known; a failed compile is not kept. */
  remembered(key: string, compile: () => Promise<CompiledView>): Promise<CompiledView> {
    let view = this.views.get(key);
    if (!view) {
      if (this.views.size >= this.capacity) this.views.clear();
      view = compile();
      this.views.set(key, view);
      view.catch(() => this.views.delete(key));
    }
    return view;
  }

  get size(): number {
    return this.views.size;
  }

  clear(): void {
    this.views.clear();
    this.visibility.clear();
  }
}

/** Rejects with what `where` would throw in a query under `access`. */
export async function compileView(
  context: RequestContext,
  model: Model,
  where: WhereInput | null,
  access: Access,
): Promise<CompiledView> {
  const visible = conditionToFilter(await access.visible(model));
  const inView: Filter = { $and: [visible, await whereToFilter({ ...context, access }, model, where)] };
  const shared = new Map<string, Filter>();
  const readable = new Map<string, Filter>();
  for (const field of model.fields.keys()) {
    const condition = conditionToFilter(await access.readable(model, field));
    const text = JSON.stringify(condition);
    if (!shared.has(text)) shared.set(text, { $and: [inView, condition] });
    readable.set(field, shared.get(text)!);
  }
  const reads = new Set<string>();
  const filters = [inView, ...shared.values()];
  // References show their targets only when visible: what decides that is read too.
  for (const field of model.fields.values()) {
    if (field.kind !== 'relation' || field.storage !== 'reference') continue;
    const target = context.app.models.get(field.target)!;
    reads.add(target.collection);
    filters.push(conditionToFilter(await access.visible(target)));
  }
  for (const filter of filters) for (const collection of collectionsRead(filter)) reads.add(collection);
  return { inView, readable, reads };
}
