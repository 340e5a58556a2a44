import { nameProblem, nameSkeleton, normaliseName } from './accountNames';

const skeletonOf = (name: string) => nameSkeleton(normaliseName(name));

describe('user and role names (docs/api.md#user-and-role-names)', () => {
  test.each([
    ['ａｄａ', 'ada'],
    ['ﬁona', 'fiona'],
    ['Ｅditors', 'Editors'],
    ['ada', 'ada'],
  ])('NFKC: %s is stored as %s', (given, stored) => {
    expect(normaliseName(given)).toBe(stored);
  });

  test.each([
    ['a zero-width space', 'ad\u200bmin', 'invisible-character', 'U+200B'],
    ['a zero-width joiner', 'ad\u200dmin', 'invisible-character', 'U+200D'],
    ['a right-to-left override', '\u202enimda', 'invisible-character', 'U+202E'],
    ['a bidi isolate', 'admin\u2066', 'invisible-character', 'U+2066'],
    ['a soft hyphen', 'ad\u00admin', 'invisible-character', 'U+00AD'],
    ['a control character', 'ad\u0007min', 'invisible-character', 'U+0007'],
    ['a line separator', 'ad\u2028min', 'invisible-character', 'U+2028'],
    ['a private-use character', 'ad\ue000min', 'invisible-character', 'U+E000'],
    ['a leading space', ' admin', 'surrounding-space', 'starts or ends with a space'],
    ['a trailing space', 'admin ', 'surrounding-space', 'starts or ends with a space'],
  ])('refused: %s', (_what, name, rule, reason) => {
    expect(nameProblem(normaliseName(name))).toEqual({ rule, reason: expect.stringContaining(reason) });
  });

  test.each(['admin', 'Ada Lovelace', 'josé', '李小龙', 'Ωmega', 'o’brien'])('accepted: %s', (name) => {
    expect(nameProblem(normaliseName(name))).toBeUndefined();
  });

  test.each([
    ['admin', '\u0430dmin'],
    ['admin', 'adrnin'],
    ['admin', 'ａｄｍｉｎ'],
    ['paypal', 'p\u0430yp\u0430l'],
    ['adminl', 'adminI'],
    ['admin1', 'adminl'],
    ['Ada Lovelace', 'Ada  Lovelace'],
    ['josé', 'jose\u0301'],
  ])('look alike: %s and %s', (a, b) => {
    expect(skeletonOf(a)).toBe(skeletonOf(b));
  });

  test.each([
    ['admin', 'Admin'],
    ['admin', 'admins'],
    ['ann', 'anne'],
  ])('told apart: %s and %s', (a, b) => {
    expect(skeletonOf(a)).not.toBe(skeletonOf(b));
  });
});
