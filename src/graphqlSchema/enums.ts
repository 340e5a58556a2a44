import { GraphQLEnumType } from 'graphql';

export const AccessLevelEnum = new GraphQLEnumType({
  name: 'AccessLevel',
  description:
    "A member's rights in a role (docs/permissions.md#scopes-with-worked-examples): readonly members receive only the rules' read.",
  values: { admin: {}, readwrite: {}, readonly: {} },
});

export const OrderDirectionEnum = new GraphQLEnumType({
  name: 'OrderDirection',
  values: { ASC: {}, DESC: {} },
});
