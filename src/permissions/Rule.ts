import { z } from 'zod';

export const SCOPES = ['EVERYONE', 'AUTHENTICATED', 'ROLE', 'RELATION'] as const;
export type Scope = (typeof SCOPES)[number];

/** One entry of `permissions/<Type>.json` (docs/permissions.md#scopes-with-worked-examples), as written by the operator. */
export const RuleSchema = z.strictObject({
  scope: z.enum(SCOPES),
  read: z.boolean().optional(),
  create: z.boolean().optional(),
  update: z.boolean().optional(),
  delete: z.boolean().optional(),
  fields: z.array(z.string().min(1)).min(1).optional(),
  roles: z.array(z.string().min(1)).min(1).optional(),
  userFields: z.array(z.string().min(1)).min(1).optional(),
  /** Only users whose email is verified (docs/permissions.md#verified-email-only). */
  verified: z.boolean().optional(),
});
export type Rule = z.infer<typeof RuleSchema>;

export const RulesFileSchema = z.array(RuleSchema);

/**
 * A user field compiled to hops: the relation fields to follow from the object, in order,
 * until the viewer's User; `me` is the empty path on User itself.
 */
export type UserPath = readonly string[];

/** A validated rule, ready to evaluate for a viewer. */
export interface CompiledRule {
  index: number;
  scope: Scope;
  operations: ReadonlySet<'read' | 'create' | 'update' | 'delete'>;
  /** `all`, or the field names the grant covers. */
  fields: 'all' | ReadonlySet<string>;
  roles: readonly string[];
  paths: readonly UserPath[];
  /** The scope holds only for users with `emailVerified: true`. */
  verified: boolean;
}

/** The rules of one type (a model, or a many-to-many relation's links), with where they came from. */
export interface TypeRules {
  type: string;
  source: string;
  rules: CompiledRule[];
}
