import unhomoglyph from 'unhomoglyph';

/**
 * The names people recognise each other by (docs/api.md#user-and-role-names): `User.username` and
 * `Role.name`. They are stored NFKC-normalised, with a confusable skeleton beside them, so
 * that a new name that looks like an existing one is found by one index lookup.
 */
export const NAME_FIELDS: Readonly<Record<string, string>> = { User: 'username', Role: 'name' };

/** Where a name's skeleton is stored, in the same document, with an index (`collectionSpecs`). */
export const NAME_SKELETON = '_nameSkeleton';

/**
 * Characters a name may not hold: controls, format characters (zero-width spaces and joiners,
 * bidirectional overrides and isolates, the soft hyphen), other default-ignorable characters,
 * private-use and unassigned code points, and line or paragraph separators.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

/** Why a name is refused: the rule it breaks, named in the error (`extensions.rule`). */
export type NameRule = 'invisible-character' | 'surrounding-space' | 'confusable';

/** NFKC, as names are stored: fullwidth `ａｄａ` is `ada`, the ligature `ﬁ` is `fi`. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC');
}

/** The rule a (normalised) name breaks on its own, or undefined; `confusable` needs the store. */
export function nameProblem(name: string): { rule: NameRule; reason: string } | undefined {
  const invisible = INVISIBLE.exec(name);
  if (invisible) {
    const code = invisible[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return { rule: 'invisible-character', reason: `holds the invisible or control character U+${code}` };
  }
  if (/^\s|\s$/u.test(name)) return { rule: 'surrounding-space', reason: 'starts or ends with a space' };
  return undefined;
}

/**
 * The confusable skeleton of Unicode TR39 (UTS #39 §4: NFD, each character mapped to its
 * prototype in confusables.txt, NFD again), with runs of spaces as one: two names with the
 * same skeleton look alike (`admin`, `аdmin` with a Cyrillic а, `adrnin`, `admin` in
 * fullwidth letters). Case counts, as in TR39 and in names themselves: `Admin` and `admin`
 * are told apart at a glance, while `I` and `l` share a skeleton.
 */
export function nameSkeleton(name: string): string {
  return unhomoglyph(name.normalize('NFD')).normalize('NFD').replace(/\s+/gu, ' ');
}
