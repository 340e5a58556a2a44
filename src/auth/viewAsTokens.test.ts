import jwt from 'jsonwebtoken';
import type { Store, StoredDoc } from '../store/Store';
import { createViewAsTokens, VIEW_AS_TOKEN_PREFIX, VIEW_AS_TOKEN_TTL_SECONDS } from './viewAsTokens';

const SECRET = 'a-secret-that-is-long-enough-for-hs256-0000';
const ADA: StoredDoc = { _id: 'a'.repeat(24), username: 'ada', _tokenVersion: 'v1' };
/** The one store call verification makes: the user by id. */
const store = {
  findByIds: async (_collection: string, ids: readonly string[]) => (ids[0] === ADA._id ? [ADA] : []),
} as unknown as Store;
const tokens = createViewAsTokens(store, { secrets: [SECRET], usersCollection: 'users' });
const MINUTE = 60_000;

describe('view-as tokens', () => {
  test.each([
    ['anonymous, fresh', () => tokens.sign(undefined).token, { kind: 'anonymous', readOnly: true }],
    ['ada, fresh', () => tokens.sign(ADA).token, { kind: 'user', id: ADA._id, user: ADA, readOnly: true }],
    [
      'ada, a minute before it expires',
      () => tokens.sign(ADA, Date.now() - VIEW_AS_TOKEN_TTL_SECONDS * 1000 + MINUTE).token,
      { kind: 'user', id: ADA._id, user: ADA, readOnly: true },
    ],
  ])('%s: accepted, read-only', async (_what, make, viewer) => {
    await expect(tokens.verify(make())).resolves.toEqual(viewer);
  });

  test.each([
    [
      'past VIEW_AS_TOKEN_TTL_SECONDS',
      () => tokens.sign(undefined, Date.now() - VIEW_AS_TOKEN_TTL_SECONDS * 1000 - MINUTE).token,
      'this view-as token has expired; start viewing as again from the console',
    ],
    [
      'signed with the JWT secret itself (a user token)',
      () => VIEW_AS_TOKEN_PREFIX + jwt.sign({ va: 1 }, SECRET, { expiresIn: 60 }),
      'this view-as token is not valid',
    ],
    [
      'altered',
      () => tokens.sign(undefined).token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      'this view-as token is not valid',
    ],
    [
      'of an older password',
      () => tokens.sign({ ...ADA, _tokenVersion: 'v0' }).token,
      'this view-as token was ended by a password change',
    ],
    [
      'of a user who is gone',
      () => tokens.sign({ ...ADA, _id: 'b'.repeat(24) }).token,
      'the user of this view-as token no longer exists',
    ],
  ])('%s: UNAUTHENTICATED', async (_what, make, message) => {
    await expect(tokens.verify(make())).rejects.toMatchObject({ message, extensions: { code: 'UNAUTHENTICATED' } });
  });

  test('a second secret verifies what the first signed before a rotation', async () => {
    const before = createViewAsTokens(store, {
      secrets: ['old-secret-that-is-long-enough-0000000000'],
      usersCollection: 'users',
    });
    const rotated = createViewAsTokens(store, {
      secrets: [SECRET, 'old-secret-that-is-long-enough-0000000000'],
      usersCollection: 'users',
    });
    await expect(rotated.verify(before.sign(undefined).token)).resolves.toEqual({ kind: 'anonymous', readOnly: true });
  });
});
