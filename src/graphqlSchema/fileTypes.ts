import { GraphQLID, GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType, GraphQLString } from 'graphql';
import { userError } from '../errors';
import { FILES_PATH } from '../files/signedFileUrls';
import type { StoredFile } from '../store/files/StoredFile';
import { Upload } from '../files/Upload';
import type { RequestContext } from '../resolvers/RequestContext';

const NOT_AN_UPLOAD = 'Upload values are files sent as a GraphQL multipart request (operations, map, then the files)';

/** The input type of `File` fields (docs/files.md): a file part of a multipart request. */
export const UploadScalar = new GraphQLScalarType({
  name: 'Upload',
  description:
    "A file sent with the GraphQL multipart request convention, as Apollo Client's and urql's upload links do.",
  parseValue(value) {
    if (value instanceof Upload) return value;
    throw userError('BAD_USER_INPUT', NOT_AN_UPLOAD);
  },
  parseLiteral() {
    throw userError('BAD_USER_INPUT', NOT_AN_UPLOAD);
  },
  serialize() {
    throw new Error('Upload is an input type only');
  },
});

/** `File { id, name, contentType, size, url }` (docs/files.md). */
export const FileType = new GraphQLObjectType<StoredFile, RequestContext>({
  name: 'File',
  description:
    'An uploaded file. `url` is signed and short-lived, so it works in `<img src>`; `GET /files/<id>` also takes an Authorization header.',
  fields: {
    id: { type: new GraphQLNonNull(GraphQLID) },
    name: { type: new GraphQLNonNull(GraphQLString), description: 'The name the uploader gave the file.' },
    contentType: {
      type: new GraphQLNonNull(GraphQLString),
      description: "The type judged from the file's bytes when it was uploaded.",
    },
    size: { type: new GraphQLNonNull(GraphQLInt), description: 'In bytes.' },
    url: {
      type: new GraphQLNonNull(GraphQLString),
      description:
        'A download URL signed for FILE_URL_TTL (default 15 minutes) and for the viewer who asked: it works while they may read this file.',
      resolve: (file, _args, context) =>
        context.fileUrls?.urlFor(file.id, context.viewer) ?? `${FILES_PATH}${encodeURIComponent(file.id)}`,
    },
  },
});
