import { isAccepted, judgeFileType } from './judgeFileType';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const PDF = Buffer.from('%PDF-1.7\n');
const TEXT = Buffer.from('hello, world\n');
const IMAGES = ['image/png', 'image/jpeg'];

describe('judgeFileType', () => {
  test.each([
    ['PNG bytes declared PNG', PNG, 'image/png', IMAGES, { contentType: 'image/png' }],
    ['JPEG bytes declared JPEG', JPEG, 'image/jpeg', ['image/*'], { contentType: 'image/jpeg' }],
    [
      'JPEG bytes declared PNG',
      JPEG,
      'image/png',
      IMAGES,
      { refused: "the file's bytes are image/jpeg, not the declared image/png" },
    ],
    ['text declared PNG', TEXT, 'image/png', IMAGES, { refused: "the file's bytes are not image/png" }],
    ['PNG bytes, nothing declared', PNG, 'application/octet-stream', IMAGES, { contentType: 'image/png' }],
    [
      'PDF bytes where only images go',
      PDF,
      'application/pdf',
      IMAGES,
      { refused: 'application/pdf is not accepted here (accepted: image/png, image/jpeg)' },
    ],
    ['text declared text', TEXT, 'text/plain; charset=utf-8', ['text/plain'], { contentType: 'text/plain' }],
    [
      'binary declared text',
      Buffer.from([0x41, 0, 0x42]),
      'text/plain',
      ['*/*'],
      { refused: "the file's bytes are binary, not the declared text/plain" },
    ],
    ['JSON declared text', Buffer.from('{"a":1}'), 'text/plain', ['text/*'], { contentType: 'text/plain' }],
    [
      'unknown bytes, nothing declared, anything goes',
      Buffer.from([1, 2, 3]),
      '',
      ['*/*'],
      { contentType: 'application/octet-stream' },
    ],
    [
      'unknown bytes, nothing declared, images only',
      Buffer.from([1, 2, 3]),
      '',
      IMAGES,
      { refused: 'application/octet-stream is not accepted here (accepted: image/png, image/jpeg)' },
    ],
  ])('%s', (_name, head, declared, accept, verdict) => {
    expect(judgeFileType(head, declared, accept)).toEqual(verdict);
  });

  test.each([
    ['image/png', ['image/png'], true],
    ['image/png', ['image/*'], true],
    ['image/png', ['*/*'], true],
    ['imagex/png', ['image/*'], false],
    ['text/plain', ['image/*', 'application/pdf'], false],
  ])('isAccepted(%s, %j) is %s', (type, accept, expected) => {
    expect(isAccepted(type, accept)).toBe(expected);
  });
});
