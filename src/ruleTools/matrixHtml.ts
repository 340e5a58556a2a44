import type { Operation } from '../permissions/Access';
import type { Policy } from '../permissions/compilePolicy';
import type { CompiledRule } from '../permissions/Rule';

const OPERATIONS: Operation[] = ['read', 'create', 'update', 'delete'];

/**
 * `npm run permissions -- matrix --html`: the type × operation table as one static page with
 * no scripts or outside resources, each cell listing who is granted what: the scope, its roles
 * or user fields, the fields covered and the rule's index in its file.
 */
export function matrixHtml(policy: Policy): string {
  const rows = [...policy.types.values()].map((typeRules) => {
    const cells = OPERATIONS.map((operation) => {
      const grants = typeRules.rules.filter((rule) => rule.operations.has(operation));
      if (grants.length === 0) return '<td class="none">nobody</td>';
      return `<td><ul>${grants.map((rule) => `<li>${grantHtml(rule)}</li>`).join('')}</ul></td>`;
    });
    return `<tr><th scope="row">${escape(typeRules.type)}<div class="source">${escape(typeRules.source)}</div></th>${cells.join('')}</tr>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Graphkeep permissions</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: .5rem; vertical-align: top; text-align: left; }
thead th { background: #f3f3f3; }
td.none { color: #999; }
ul { margin: 0; padding-left: 1rem; }
.scope { font-weight: 600; }
.fields, .source { color: #555; font-size: 12px; }
</style>
</head>
<body>
<h1>Who may do what</h1>
<p>Any rule in a cell grants the operation (the most lenient wins). Admin tokens and members of the admin role skip every rule.</p>
<table>
<thead><tr><th>type</th>${OPERATIONS.map((op) => `<th>${op}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</body>
</html>
`;
}

function grantHtml(rule: CompiledRule): string {
  const who =
    rule.scope === 'ROLE'
      ? `ROLE ${rule.roles.join(', ')}`
      : rule.scope === 'RELATION'
        ? `RELATION via ${rule.paths.map((p) => p.join('.') || 'me').join(', ')}`
        : rule.scope;
  const fields = rule.fields === 'all' ? 'all fields' : [...rule.fields].join(', ');
  return `<span class="scope">${escape(who)}${rule.verified ? ' (verified email)' : ''}</span> <span class="fields">(${escape(fields)}; rule ${rule.index})</span>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
