/**
 * What a `File` field stores in its object (docs/files.md): the file's id in the file store and what
 * `File` shows. The bytes themselves are in `Store.files`.
 */
export interface StoredFile {
  id: string;
  name: string;
  contentType: string;
  size: number;
  /** SHA-256 of the content (hex): the download's ETag. */
  sha256: string;
}

export function isStoredFile(value: unknown): value is StoredFile {
  const file = value as StoredFile | null;
  return (
    typeof file === 'object' &&
    file !== null &&
    typeof file.id === 'string' &&
    typeof file.size === 'number' &&
    typeof file.contentType === 'string' &&
    typeof file.sha256 === 'string'
  );
}

/** The longest file name kept, in characters; longer names are cut at the front, keeping the extension. */
export const MAX_FILE_NAME_LENGTH = 255;

/**
 * The client's file name as shown back and offered on download: its last path segment, with
 * control characters removed. It is never used to build a path.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (clean === '') return 'file';
  return clean.length > MAX_FILE_NAME_LENGTH ? clean.slice(clean.length - MAX_FILE_NAME_LENGTH) : clean;
}
