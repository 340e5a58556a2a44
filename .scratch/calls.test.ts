import { countingStore } from '../test/support/countingStore';
import { startTestServer } from '../test/support/startTestServer';
import { signUp } from '../test/support/users';
import { RELATIONS_RULES, RELATIONS_SCHEMA } from '../bench/relationsSeed';
import { createAdminToken } from '../src/auth/adminTokens';

test('calls', async () => {
  const { wrap, counter } = countingStore();
  const server = await startTestServer({ schema: RELATIONS_SCHEMA, permissions: RELATIONS_RULES as any, wrapStore: wrap });
  const admin = await createAdminToken(server.store, 'x');
  const u = await signUp(server, 'u');
  for (let p = 0; p < 4; p++) {
    const post = await server.request(`mutation($a: ID!) { createPost(input: { title: "t", authorId: $a }) { changedPost { id } } }`, { a: u.id }, admin);
    for (let c = 0; c < 5; c++) await server.request(`mutation($p: ID!) { createComment(input: { text: "c", postId: $p }) { changedComment { id } } }`, { p: post.data.createPost.changedPost.id }, admin);
  }
  counter.reset();
  const r = await server.request('query { allComments(first: 20) { edges { node { text } } } }', {}, u.token);
  console.log(r.data.allComments.edges.length, JSON.stringify(counter.calls));
  const orig = counter.store.find.bind(counter.store);
  (counter.store as any).find = async (c: string, q: any) => { console.log('find', c, JSON.stringify(q.filter).slice(0, 200), q.limit); return orig(c, q); };
  await server.request('query { allComments(first: 20) { edges { node { text } } } }', {}, u.token);
  await server.stop();
});
