import { fileOwner, newFileId } from './fileIds';

describe('file ids', () => {
  test('round-trip the owner and differ every time', () => {
    const owner = { model: 'Post', objectId: '0000018c2f1e3a4b00001a2b', field: 'cover_image' };
    const a = newFileId(owner);
    expect(fileOwner(a)).toEqual(owner);
    expect(newFileId(owner)).not.toBe(a);
  });

  test.each([
    ['', 'empty'],
    ['Post.0000018c2f1e3a4b00001a2b.cover', 'no randomness'],
    ['../etc/passwd', 'a path'],
    ['Post.0000018c2f1e3a4b00001a2b.cover.9f86d081884c7d6', 'short randomness'],
    ['Post.0000018C2F1E3A4B00001A2B.cover.9f86d081884c7d65', 'upper-case object id'],
    ['Post/x.0000018c2f1e3a4b00001a2b.cover.9f86d081884c7d65', 'a slash in the type'],
  ])('%j is not a file id (%s)', (id) => {
    expect(fileOwner(id)).toBeNull();
  });
});
