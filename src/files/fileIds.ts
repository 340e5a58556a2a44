import { randomBytes } from 'node:crypto';

/** Where a stored file belongs: one field of one object. */
export interface FileOwner {
  model: string;
  objectId: string;
  field: string;
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const FILE_ID = new RegExp(`^(${NAME})\\.([0-9a-f]{24})\\.(${NAME})\\.([0-9a-f]{16})$`);

/**
 * `Post.0000018c2f1e3a4b00001a2b.cover.9f86d081884c7d65`: the object and field a file belongs
 * to, plus randomness, so `GET /files/<id>` finds the object to judge by one lookup and a
 * replaced file's id never comes back. Only letters, digits, `.` and `_`: safe as a file name.
 */
export function newFileId(owner: FileOwner): string {
  return `${owner.model}.${owner.objectId}.${owner.field}.${randomBytes(8).toString('hex')}`;
}

/** The owner named in a file id, or null when `id` is not one of ours. */
export function fileOwner(id: string): FileOwner | null {
  const match = FILE_ID.exec(id);
  return match ? { model: match[1], objectId: match[2], field: match[3] } : null;
}
