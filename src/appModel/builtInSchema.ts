import type { CollectionSpec } from '../store/Store';

/**
 * The built-in models (docs/schema.md), parsed ahead of the app's `schema.graphql`, which may
 * `extend type User` / `extend type Role`. The password is not a model field: it is
 * write-only and lives in the stored document as a bcrypt hash the API never returns.
 * `externalId` links a user to a third-party identity (docs/api.md#users-and-tokens).
 */
export const BUILT_IN_SCHEMA = /* GraphQL */ `
  type User @model {
    username: String! @unique
    lastLogin: DateTime
    externalId: String @unique
    roles: [Role!]! @relation(name: "UserRoles")
  }

  type Role @model {
    name: String! @unique
    members: [User!]! @relation(name: "UserRoles")
  }
`;

export const BUILT_IN_MODELS = ['User', 'Role'];

/**
 * Built-in fields the server sets and clients only read, like `createdAt`: `loginUser` sets
 * `lastLogin`. They are no mutation input, whatever the rules grant.
 */
export const SERVER_MANAGED_FIELDS: Readonly<Record<string, readonly string[]>> = { User: ['lastLogin'] };
export const USER_ROLES = 'UserRoles';
export const ADMIN_ROLE = 'admin';

/**
 * User's write-only password (docs/api.md#users-and-tokens): an input of sign-up and reset, a field rules may
 * grant create/update on, a reserved field name; never stored under this name, never read.
 */
export const PASSWORD_FIELD = 'password';

/**
 * The User field that holds the `sub` of a third-party identity provider's tokens (docs/api.md#users-and-tokens).
 * Only admins may write it: whoever sets it decides which account a provider's user becomes.
 */
export const EXTERNAL_ID = 'externalId';

/**
 * Pending role invitations (docs/api.md#roles): a role admin who is not a global admin invites,
 * and the user becomes a member only by accepting. One document per user and role, apart from
 * the memberships so that a pending invitation grants nothing and counts toward no membership
 * limit. Deleting a user or a role deletes its invitations (`INVITATION_KEYS`).
 */
export const ROLE_INVITATIONS: CollectionSpec = {
  name: '_role_invitations',
  indexes: [{ fields: ['user', 'role'], unique: true }, { fields: ['role', 'user'] }],
};

/** The invitation field that names an object of each model, for deleting it with that object. */
export const INVITATION_KEYS: Readonly<Record<string, string>> = { User: 'user', Role: 'role' };

/** Who created a role, kept hidden on the Role document: `MAX_ROLES_CREATED_PER_USER` counts by it. */
export const ROLE_CREATOR = '_createdBy';

/**
 * The User field account mail goes to (docs/accounts.md): a String field of this name, which the
 * app declares (`extend type User { email: String @unique }`).
 */
export const EMAIL_FIELD = 'email';

/**
 * Whether the user has proved they receive mail at `email` (`verifyEmail`): a server-managed
 * Boolean that User has whenever it has an `email` String field; rules may require it.
 */
export const EMAIL_VERIFIED_FIELD = 'emailVerified';
