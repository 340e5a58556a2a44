import type { TestServer } from './startTestServer';

export interface TestUser {
  id: string;
  username: string;
  token: string;
}

export const TEST_PASSWORD = 'correct horse battery';

/** Signs a user up over the API, as a frontend would (docs/api.md#users-and-tokens `createUser`). */
export async function signUp(
  server: TestServer,
  username: string,
  extra: Record<string, unknown> = {},
): Promise<TestUser> {
  const response = await server.request(
    `mutation($input: CreateUserInput!) { createUser(input: $input) { token changedUser { id } } }`,
    { input: { username, password: TEST_PASSWORD, ...extra } },
  );
  if (response.errors) throw new Error(`sign-up of ${username} failed: ${JSON.stringify(response.errors)}`);
  return {
    id: response.data.createUser.changedUser?.id ?? idFromToken(response.data.createUser.token),
    username,
    token: response.data.createUser.token,
  };
}

/** Signs in over the API (`loginUser`), which sets the user's `lastLogin`; returns the token. */
export async function loginAs(server: TestServer, username: string, password = TEST_PASSWORD): Promise<string> {
  const response = await server.request(
    `mutation($u: String!, $p: String!) { loginUser(input: { username: $u, password: $p }) { token } }`,
    { u: username, p: password },
  );
  if (response.errors) throw new Error(`login of ${username} failed: ${JSON.stringify(response.errors)}`);
  return response.data.loginUser.token;
}

function idFromToken(token: string): string {
  const { sub } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string };
  return Buffer.from(`User:${sub}`).toString('base64');
}

/** Adds `user` to the role named `roleName` (creating the role) with an admin token. */
export async function enroll(
  server: TestServer,
  adminToken: string,
  user: TestUser,
  roleName: string,
  accessLevel: 'admin' | 'readwrite' | 'readonly',
): Promise<void> {
  const found = await server.request(
    `query($name: String!) { allRoles(where: { name: { eq: $name } }) { edges { node { id } } } }`,
    { name: roleName },
    adminToken,
  );
  let roleId: string | undefined = found.data.allRoles.edges[0]?.node.id;
  if (!roleId) {
    const created = await server.request(
      `mutation($name: String!) { createRole(input: { name: $name }) { changedRole { id } } }`,
      { name: roleName },
      adminToken,
    );
    roleId = created.data.createRole.changedRole.id;
  }
  const added = await server.request(
    `mutation($input: AddToUserRolesConnectionInput!) { addToUserRolesConnection(input: $input) { changedUserRoles { accessLevel } } }`,
    { input: { userId: user.id, roleId, accessLevel } },
    adminToken,
  );
  if (added.errors) throw new Error(`enrolling ${user.username} failed: ${JSON.stringify(added.errors)}`);
}
