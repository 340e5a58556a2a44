import { filetypeinfo } from 'magic-bytes.js';

/** How many leading bytes are read before a file's type is judged: enough for every signature we know. */
export const SNIFF_BYTES = 4100;

export type FileTypeVerdict = { contentType: string } | { refused: string };

const OCTET_STREAM = 'application/octet-stream';

/** Text formats have no reliable signature: their declared type is taken if the bytes look like text. */
function isTextual(type: string): boolean {
  return (
    type.startsWith('text/') ||
    /^application\/([a-z0-9.-]+\+)?(json|xml)$/.test(type) ||
    type.endsWith('+xml') ||
    type.endsWith('+json')
  );
}

function normalized(type: string): string {
  return type.split(';')[0].trim().toLowerCase();
}

/** Whether `type` is one of `accept`: exact, `image/*`, or the wildcard for anything. */
export function isAccepted(type: string, accept: readonly string[]): boolean {
  return accept.some(
    (pattern) =>
      pattern === '*/*' || pattern === type || (pattern.endsWith('/*') && type.startsWith(pattern.slice(0, -1))),
  );
}

/**
 * The type a file is stored and served as, judged from its first bytes (`head`) and the type
 * the client declared (docs/files.md: "checked against the file's bytes, not only the declared
 * type"). A recognised signature wins: declaring `image/png` for JPEG bytes, or for bytes of no
 * known format, is refused. Without a signature only a text type is believed, and only when
 * the head has no NUL byte. The result must be one of `accept`.
 */
export function judgeFileType(head: Buffer, declaredType: string, accept: readonly string[]): FileTypeVerdict {
  const declared = normalized(declaredType);
  const detected = [
    ...new Set(
      filetypeinfo(head)
        .map((info) => info.mime)
        .filter((mime): mime is string => typeof mime === 'string'),
    ),
  ];
  let contentType: string;
  if (detected.length > 0) {
    if (detected.includes(declared)) contentType = declared;
    else if (declared === '' || declared === OCTET_STREAM) contentType = detected[0];
    else if (isTextual(declared) && detected.every(isTextual)) contentType = declared;
    else return { refused: `the file's bytes are ${detected[0]}, not the declared ${declared}` };
  } else if (declared !== '' && declared !== OCTET_STREAM) {
    if (!isTextual(declared)) return { refused: `the file's bytes are not ${declared}` };
    if (head.includes(0)) return { refused: `the file's bytes are binary, not the declared ${declared}` };
    contentType = declared;
  } else {
    contentType = OCTET_STREAM;
  }
  if (!isAccepted(contentType, accept))
    return { refused: `${contentType} is not accepted here (accepted: ${accept.join(', ')})` };
  return { contentType };
}
