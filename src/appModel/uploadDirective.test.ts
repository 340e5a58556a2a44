import { loadAppModel } from './loadAppModel';
import { SchemaError } from './SchemaError';
import type { ScalarField } from './AppModel';
import { DEFAULT_MAX_FILE_SIZE, largestUpload } from './uploadDirective';

function fileField(schema: string, field = 'cover'): ScalarField {
  return loadAppModel(schema).models.get('Post')!.fields.get(field) as ScalarField;
}

describe('File fields and @upload (docs/files.md)', () => {
  test.each([
    [
      'accept and a size in MB',
      '@upload(accept: ["image/png", "image/jpeg"], maxSize: "5MB")',
      { accept: ['image/png', 'image/jpeg'], maxSize: 5 * 1024 * 1024 },
    ],
    [
      'a wildcard and KB',
      '@upload(accept: ["image/*"], maxSize: "512KB")',
      { accept: ['image/*'], maxSize: 512 * 1024 },
    ],
    ['bytes as an Int', '@upload(maxSize: 1000)', { accept: ['*/*'], maxSize: 1000 }],
    [
      'one type without a list',
      '@upload(accept: "application/pdf")',
      { accept: ['application/pdf'], maxSize: DEFAULT_MAX_FILE_SIZE },
    ],
    ['no directive', '', { accept: ['*/*'], maxSize: DEFAULT_MAX_FILE_SIZE }],
  ])('%s', (_name, directive, upload) => {
    const field = fileField(`type Post @model {\n  cover: File ${directive}\n}`);
    expect(field).toMatchObject({ type: 'File', upload });
  });

  test.each([
    [
      'a bad media type',
      'cover: File @upload(accept: ["png"])',
      'Post.cover: @upload(accept:) takes media types like ["image/png", "image/*"], not "png"',
    ],
    [
      'an unreadable size',
      'cover: File @upload(maxSize: "5 parsecs")',
      'Post.cover: @upload(maxSize:) takes a size like "5MB", "512KB" or a number of bytes',
    ],
    [
      'a size over the ceiling',
      'cover: File @upload(maxSize: "2GB")',
      'Post.cover: @upload(maxSize:) may be at most 1GB',
    ],
    [
      'an unknown argument',
      'cover: File @upload(size: "5MB")',
      'Post.cover: @upload has no argument size (it takes accept and maxSize)',
    ],
    ['@upload on a String', 'cover: String @upload(maxSize: "5MB")', 'Post.cover: @upload applies to File fields only'],
    ['@unique on a File', 'cover: File @unique', 'Post.cover: @unique and @default do not apply to File fields'],
    ['a list of files', 'covers: [File!]', 'Post.covers: lists of scalars are not supported; use JSON'],
  ])('%s stops the load with file, line 3 and reason', (_name, line, reason) => {
    const load = () => loadAppModel(`type Post @model {\n  title: String\n  ${line}\n}`, 'app.graphql');
    expect(load).toThrow(SchemaError);
    expect(load).toThrow(`app.graphql:3: ${reason}`);
  });

  test('File is a reserved type name, and largestUpload is the largest maxSize', () => {
    expect(() => loadAppModel('type File @model { name: String }')).toThrow('File is a reserved type name');
    const app = loadAppModel(
      'type Post @model { cover: File @upload(maxSize: "1KB") }\ntype Doc @model { scan: File @upload(maxSize: "3KB") }',
    );
    expect(largestUpload(app)).toBe(3 * 1024);
  });
});
