import type { UploadSpec } from './uploadDirective';

/**
 * What `schema.graphql` describes, validated and resolved: the stored types (models), their
 * fields and the relations between them. Everything downstream (the GraphQL schema, the
 * resolvers, the permission layer, the store's collections) is derived from this.
 */

export const SCALAR_TYPES = ['ID', 'String', 'Int', 'Float', 'Boolean', 'DateTime', 'JSON', 'File'] as const;
export type ScalarType = (typeof SCALAR_TYPES)[number] | 'AccessLevel';

export const ACCESS_LEVELS = ['admin', 'readwrite', 'readonly'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** Fields every model has, managed by the server (docs/api.md). */
export const SYSTEM_FIELDS = ['id', 'createdAt', 'modifiedAt'] as const;

export interface ScalarField {
  kind: 'scalar';
  name: string;
  type: ScalarType;
  required: boolean;
  unique: boolean;
  defaultValue?: unknown;
  /** `id`, `createdAt`, `modifiedAt` and server-managed fields (`User.lastLogin`): readable, never written by clients. */
  system: boolean;
  /** On `File` fields only: what `@upload` accepts (docs/files.md). */
  upload?: UploadSpec;
}

export interface RelationField {
  kind: 'relation';
  name: string;
  relation: string;
  target: string;
  list: boolean;
  required: boolean;
  /**
   * Where the link lives: `reference`, this model stores the target's id in this field;
   * `reverse`, the target stores this object's id; `link`, a many-to-many link collection.
   */
  storage: 'reference' | 'reverse' | 'link';
}

export type Field = ScalarField | RelationField;

export interface Model {
  name: string;
  /** `Post` → `Posts`, `Category` → `Categories`: used in `all<Types>`. */
  plural: string;
  /** Store collection name. */
  collection: string;
  /** In declaration order; system fields first. */
  fields: Map<string, Field>;
  builtIn: boolean;
}

export interface RelationEnd {
  model: string;
  field: string;
  list: boolean;
}

/**
 * One named relation. `toOne`: a single side stores the other object's id in a field named
 * like the relation field (for one-to-many the single side; for one-to-one the first
 * declared). `manyToMany`: a link collection with one document per link.
 */
export type Relation =
  | { kind: 'toOne'; name: string; owner: RelationEnd; other: RelationEnd }
  | {
      kind: 'manyToMany';
      name: string;
      ends: [RelationEnd, RelationEnd];
      collection: string;
      linkKeys: [string, string];
    };

/** A relation stored as a link collection, the only kind with link mutations and link rules. */
export type ManyToMany = Extract<Relation, { kind: 'manyToMany' }>;

export interface AppModel {
  models: Map<string, Model>;
  relations: Map<string, Relation>;
  /**
   * Each many-to-many relation's links seen as a model of their own: a reference to each end
   * (named by the link keys) plus the link's data. Rules files may name them (`UserRoles.json`).
   */
  links: Map<string, Model>;
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function pluralize(name: string): string {
  if (/[^aeiou]y$/i.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(name)) return `${name}es`;
  return `${name}s`;
}
