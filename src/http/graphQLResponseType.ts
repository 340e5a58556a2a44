/** What a GraphQL answer can be sent as (GraphQL over HTTP), in the order the server prefers them. */
const OFFERED = ['application/json; charset=utf-8', 'application/graphql-response+json; charset=utf-8'].map((full) => {
  const [type, subtype] = full.split(';')[0].split('/');
  return { full, type, subtype, params: { charset: 'utf-8' } as Record<string, string> };
});

interface Range {
  type: string;
  subtype: string;
  params: Record<string, string>;
  q: number;
  order: number;
}

function rangesOf(accept: string): Range[] {
  return accept.split(',').flatMap((part, order) => {
    const [mediaType, ...rawParams] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const [type, subtype] = mediaType.split('/');
    if (!type || !subtype) return [];
    const params: Record<string, string> = {};
    let q = 1;
    for (const raw of rawParams) {
      const [name, value = ''] = raw.split('=').map((piece) => piece.trim().replace(/^"|"$/g, ''));
      if (name === 'q') q = Number.isFinite(Number(value)) ? Number(value) : 0;
      else if (name) params[name] = value;
    }
    return [{ type, subtype, params, q, order }];
  });
}

/**
 * The content type of a GraphQL answer for an `Accept` header, chosen as Apollo Server
 * chooses it (the `negotiator` rules: the most specific range that matches a type decides its
 * quality; the best quality wins, then the client's order, then ours), or null when the
 * client accepts none: it is then refused with 406 before anything runs, not after.
 */
export function graphQLResponseType(accept: string | undefined): string | null {
  if (!accept || accept.trim() === '') return OFFERED[0].full;
  const ranges = rangesOf(accept);
  const candidates = OFFERED.flatMap((offered, index) => {
    let best: { range: Range; specificity: number } | undefined;
    for (const range of ranges) {
      let specificity = 0;
      if (range.type === offered.type) specificity |= 4;
      else if (range.type !== '*') continue;
      if (range.subtype === offered.subtype) specificity |= 2;
      else if (range.subtype !== '*') continue;
      const names = Object.keys(range.params);
      if (!names.every((name) => offered.params[name] === range.params[name])) continue;
      if (names.length > 0) specificity |= 1;
      if (!best || specificity > best.specificity || (specificity === best.specificity && range.q > best.range.q))
        best = { range, specificity };
    }
    return best && best.range.q > 0
      ? [{ offered, index, q: best.range.q, order: best.range.order, specificity: best.specificity }]
      : [];
  });
  candidates.sort((a, b) => b.q - a.q || b.specificity - a.specificity || a.order - b.order || a.index - b.index);
  return candidates[0]?.offered.full ?? null;
}
