// Apollo Client with apollo-upload-client's link, as a browser app sets it up, run as a plain
// ES module (both packages are ESM). Usage: node apolloUploadClient.mjs <graphqlUrl> <token> <authorId>
// Prints the mutation's result as one line of JSON.
import { ApolloClient, InMemoryCache, gql } from '@apollo/client/core/index.js';
import createUploadLink from 'apollo-upload-client/createUploadLink.mjs';

const [url, token, authorId] = process.argv.slice(2);
const client = new ApolloClient({
  cache: new InMemoryCache(),
  link: createUploadLink({
    uri: url,
    headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
  }),
});
const png = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4,
]);
const cover = new File([png], 'from-apollo.png', { type: 'image/png' });
try {
  const result = await client.mutate({
    mutation: gql`
      mutation Upload($input: CreatePostInput!) {
        createPost(input: $input) {
          changedPost {
            id
            cover {
              id
              name
              contentType
              size
              url
            }
          }
        }
      }
    `,
    variables: { input: { title: 'sent by Apollo Client', authorId, cover } },
  });
  console.log(JSON.stringify({ data: result.data }));
} catch (error) {
  console.log(JSON.stringify({ error: String(error) }));
}
