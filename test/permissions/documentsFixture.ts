import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

/**
 * Shared documents with comments: a Document is seen and edited by its collaborators only;
 * comments are public, so a comment's `document` field shows null to whoever is not a
 * collaborator. The shape where a reference can point at something the viewer cannot see.
 */
export const DOCUMENTS_SCHEMA = `
  type Document @model {
    title: String
    collaborators: [User!]! @relation(name: "DocumentCollaborators")
    comments: [Comment!]! @relation(name: "DocumentComments")
  }
  type Comment @model {
    text: String
    document: Document @relation(name: "DocumentComments")
  }
  extend type User { documents: [Document!]! @relation(name: "DocumentCollaborators") }
`;

export const DOCUMENTS_RULES: Record<string, unknown> = {
  Document: [
    { scope: 'AUTHENTICATED', create: true },
    { scope: 'RELATION', userFields: ['collaborators'], read: true, update: true, delete: true },
  ],
  Comment: [{ scope: 'EVERYONE', read: true, create: true }],
};

export interface DocumentsWorld {
  server: TestServer;
  admin: string;
  alice: TestUser;
  bob: TestUser;
  /** Runs a GraphQL request and fails the test on any error. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ok(query: string, variables?: Record<string, unknown>, token?: string): Promise<Record<string, any>>;
  /** Creates an object with the admin token and returns its global id. */
  seed(type: string, input: Record<string, unknown>): Promise<string>;
  collaborate(documentId: string, userId: string): Promise<void>;
}

export async function startDocumentsWorld(rules: Record<string, unknown> = DOCUMENTS_RULES): Promise<DocumentsWorld> {
  const server = await startTestServer({ schema: DOCUMENTS_SCHEMA, permissions: rules });
  const admin = await createAdminToken(server.store, 'tests');
  const [alice, bob] = [await signUp(server, 'alice'), await signUp(server, 'bob')];
  const ok = async (query: string, variables?: Record<string, unknown>, token?: string) => {
    const response = await server.request(query, variables, token);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data;
  };
  const seed = async (type: string, input: Record<string, unknown>) => {
    const data = await ok(
      `mutation($input: Create${type}Input!) { create${type}(input: $input) { changed${type} { id } } }`,
      { input },
      admin,
    );
    return data[`create${type}`][`changed${type}`].id as string;
  };
  const collaborate = async (documentId: string, userId: string) => {
    await ok(
      `mutation($d: ID!, $u: ID!) { addToDocumentCollaboratorsConnection(input: { documentId: $d, userId: $u }) { clientMutationId } }`,
      { d: documentId, u: userId },
      admin,
    );
  };
  return { server, admin, alice, bob, ok, seed, collaborate };
}
