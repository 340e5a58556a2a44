import { loadAppModel } from '../appModel/loadAppModel';
import type { Operation } from './Access';
import { compilePolicy } from './compilePolicy';
import { denialHint } from './denialHint';

const app = loadAppModel(`
type Post @model {
  title: String
  secret: String
  author: User @relation(name: "PostAuthor")
  editors: [User!]! @relation(name: "PostEditors")
  comments: [Comment!]! @relation(name: "PostComments")
}
type Comment @model {
  text: String
  post: Post @relation(name: "PostComments")
}
extend type User {
  posts: [Post!]! @relation(name: "PostAuthor")
  edited: [Post!]! @relation(name: "PostEditors")
}
`);
const policy = compilePolicy(
  app,
  new Map([
    [
      'Post',
      {
        file: '/srv/app/permissions/Post.json',
        content: [
          { scope: 'EVERYONE', read: true, fields: ['title'] },
          { scope: 'RELATION', userFields: ['author'], read: true, create: true, update: true },
          { scope: 'RELATION', userFields: ['editors'], create: true },
          { scope: 'ROLE', roles: ['Editors', 'Chiefs'], delete: true },
        ],
      },
    ],
    [
      'Comment',
      {
        file: '/srv/app/permissions/Comment.json',
        content: [
          { scope: 'RELATION', userFields: ['post.author'], create: true },
          { scope: 'AUTHENTICATED', read: true },
        ],
      },
    ],
  ]),
  'open',
);

describe('denialHint for rules that ask for a verified email', () => {
  const verifiedApp = loadAppModel(`
    type Memo @model { text: String }
    extend type User { email: String @unique }
  `);
  const verifiedPolicy = compilePolicy(
    verifiedApp,
    new Map([['Memo', { file: 'Memo.json', content: [{ scope: 'AUTHENTICATED', create: true, verified: true }] }]]),
    'open',
  );
  const memo = verifiedApp.models.get('Memo')!;

  test('a signed-in user without a verified email is told to verify it', () => {
    expect(denialHint({ policy: verifiedPolicy, signedIn: true, verified: false }, 'create', memo, ['text'])).toBe(
      'AUTHENTICATED rule 0 of Memo grants create (verified email only) to signed-in users: verify your email address (requestEmailVerification, then verifyEmail)',
    );
  });

  test('anonymous is told to sign in first', () => {
    expect(denialHint({ policy: verifiedPolicy, signedIn: false }, 'create', memo, ['text'])).toMatch(
      /^no token was sent, and AUTHENTICATED rule 0 of Memo grants create \(verified email only\)/,
    );
  });
});

describe('denialHint', () => {
  test.each<[string, boolean, Operation, string, string[], string | undefined]>([
    ['a field no rule grants', true, 'update', 'Comment', ['text'], 'no rule of Comment grants update on text'],
    ['an operation no rule grants', false, 'delete', 'Comment', [], 'no rule of Comment grants delete'],
    [
      'anonymous, a signed-in rule would allow',
      false,
      'read',
      'Post',
      ['secret'],
      'no token was sent, and RELATION rule 1 of Post grants read only when author is you: sign in (createUser or loginUser) and send "Authorization: Bearer <token>"',
    ],
    [
      'anonymous, AUTHENTICATED would allow',
      false,
      'read',
      'Comment',
      ['text'],
      'no token was sent, and AUTHENTICATED rule 1 of Comment grants read to signed-in users: sign in (createUser or loginUser) and send "Authorization: Bearer <token>"',
    ],
    [
      'create under a to-one user field',
      true,
      'create',
      'Post',
      ['title', 'author'],
      'RELATION rule 1 of Post grants create only when author is you: set authorId to your own user id (viewer { user { id } })',
    ],
    [
      'create under a dotted path',
      true,
      'create',
      'Comment',
      ['text'],
      'RELATION rule 0 of Comment grants create only when post.author is you: set postId to the id of a Post whose author is you',
    ],
    [
      'update names the user field only',
      true,
      'update',
      'Post',
      ['title'],
      'RELATION rule 1 of Post grants update only when author is you',
    ],
    [
      'a role rule names the roles and the access level',
      true,
      'delete',
      'Post',
      [],
      'ROLE rule 3 of Post grants delete only to members of Editors or Chiefs (accessLevel readwrite or admin)',
    ],
    ['nothing better to say than denied', true, 'read', 'Comment', ['text'], undefined],
  ])('%s', (_name, signedIn, operation, type, fields, expected) => {
    const hint = denialHint({ policy, signedIn }, operation, app.models.get(type)!, fields);
    expect(hint).toBe(expected);
    expect(hint ?? '').not.toContain('/srv/app');
  });
});
