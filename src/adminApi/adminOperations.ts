import type { SchemaExtension } from '../graphqlSchema/buildSchema';
import { adminMutations, type AdminMutationDependencies } from './adminMutations';
import { adminQueries, type AdminDependencies } from './adminQueries';

/**
 * The admin-only root fields (docs/api.md#admin-operations) the console is built on: explain,
 * the permission matrix, the schema and its check, admin tokens and view-as tokens. Each
 * answers admin tokens and `admin` role members only (`assertAdmin`), through the same engine
 * the server and the CLIs use.
 */
export function adminOperations(
  deps: AdminDependencies & AdminMutationDependencies,
): Required<Pick<SchemaExtension, 'queries' | 'mutations'>> {
  return {
    queries: () => adminQueries(deps),
    mutations: (typesOf) => adminMutations(deps, typesOf),
  };
}
