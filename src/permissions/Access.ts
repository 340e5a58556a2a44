import type { Model } from '../appModel/AppModel';
import type { StoredDoc, StoreOperations } from '../store/Store';
import type { Condition } from './Condition';
import type { CompiledRule } from './Rule';

export type Operation = 'read' | 'create' | 'update' | 'delete';

/** What one rule gives this viewer for one operation: some fields, on the objects `condition` admits. */
export interface RuleGrant {
  /** The rule; index -1 stands for the implicit read of readonly `admin` role members. */
  rule: CompiledRule;
  fields: CompiledRule['fields'];
  condition: Condition;
}

/**
 * One viewer's permissions for one request: the rules of docs/permissions.md answered as filters the
 * store can run (for lists) and as yes/no for an object in hand (for fields and writes).
 * Built once per request; everything it learns about the viewer lives and dies with it.
 */
export interface Access {
  /** True for admin tokens and `admin` role members: no rule applies. */
  readonly bypass: boolean;
  /** The objects of `model` the viewer may see, to AND into every query on it. */
  visible(model: Model): Promise<Condition>;
  /** The objects of `model` whose `field` the viewer may read. */
  readable(model: Model, field: string): Promise<Condition>;
  /** Whether `operation` is granted on every one of `fields` of `doc`. */
  allows(operation: Operation, model: Model, fields: readonly string[], doc: StoredDoc): Promise<boolean>;
  /**
   * `allows`, answered at once where it can be: the type's grants are already compiled in this
   * request (listing the type compiles them) and the conditions it needs are decided in memory.
   * Undefined where only `allows` can tell (grants not compiled yet, or a RELATION hop to ask
   * the store about). Lets a field resolver return a value instead of a promise of it.
   */
  allowsNow(operation: Operation, model: Model, fields: readonly string[], doc: StoredDoc): boolean | undefined;
  /**
   * The grants `visible`, `readable` and `allows` are made of, for operators' tools
   * (`permissions explain`, `permissions test`) to name the rule that decided. Empty when
   * `bypass` is true: no rule applies then.
   */
  grants(operation: Operation, model: Model): Promise<readonly RuleGrant[]>;
  /** After a denial: what the rules would have needed, for the error message (`denialHint`). */
  denialHint?(operation: Operation, model: Model, fields: readonly string[]): string | undefined;
  /** Whether the viewer may give a role this name: names the rules files use are for admins only (docs/api.md#roles). */
  mayNameRole(name: string): boolean;
  /**
   * The same viewer's access, compiled afresh against `store`: a transaction's view, to judge
   * the state a write leaves before it commits (docs/permissions.md#what-each-operation-checks "checked before and after").
   */
  within(store: Pick<StoreOperations, 'find'>): Access;
}
