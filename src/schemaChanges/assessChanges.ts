import type { StoreOperations } from '../store/Store';
import { countDuplicates } from './countDuplicates';
import type { SchemaChange } from './diffSnapshots';

/**
 * What a change means for the data: `stop` cannot be applied safely (the start is refused),
 * `fill` will be applied by writing `@default` into objects that lack the field, `warn` goes
 * on. Changes that touch no stored object produce no finding.
 */
export interface SchemaFinding {
  severity: 'stop' | 'fill' | 'warn';
  /** `Post.slug`, or a type or relation name. */
  subject: string;
  /** Objects (or links) affected. */
  count: number;
  message: string;
  /** The way out; empty when there is nothing to do. */
  fix: string;
  change: SchemaChange;
}

const show = (value: unknown) => JSON.stringify(value);
const objects = (count: number, model: string) => `${count} ${model} object${count === 1 ? '' : 's'}`;
/** The verb for `count` objects: `verb(1, 'has', 'have')`. */
const verb = (count: number, one: string, many: string) => (count === 1 ? one : many);

/** Counts, for each change, the stored objects it affects, and says what it means and the way out. */
export async function assessChanges(
  store: Pick<StoreOperations, 'find' | 'count'>,
  changes: SchemaChange[],
): Promise<SchemaFinding[]> {
  const findings: SchemaFinding[] = [];
  for (const change of changes) {
    const finding = await assess(store, change);
    if (finding) findings.push({ ...finding, change });
  }
  return findings;
}

async function assess(
  store: Pick<StoreOperations, 'find' | 'count'>,
  change: SchemaChange,
): Promise<Omit<SchemaFinding, 'change'> | undefined> {
  switch (change.kind) {
    case 'uniqueAdded': {
      // A count first: fewer than two values cannot repeat, and the scan is the costly part.
      if ((await store.count(change.collection, { [change.field]: { $ne: null } })) < 2) return undefined;
      const found = await countDuplicates(store, change.collection, change.field);
      if (found.documents === 0) return undefined;
      return {
        severity: 'stop',
        subject: `${change.model}.${change.field}`,
        count: found.documents,
        message: `@unique is new, but ${found.values} value${found.values === 1 ? ' is' : 's are'} held by more than one object: ${objects(found.documents, change.model)} (e.g. ${found.examples.map(show).join(', ')})`,
        fix: `start without @unique on ${change.field}, give those objects distinct values (update${change.model}), then add @unique again`,
      };
    }
    case 'requiredAdded': {
      const count = await store.count(change.collection, { [change.field]: { $eq: null } });
      if (count === 0) return undefined;
      const subject = `${change.model}.${change.field}`;
      if (change.defaultValue !== undefined) {
        return {
          severity: 'fill',
          subject,
          count,
          message: `is now required; ${objects(count, change.model)} ${verb(count, 'has', 'have')} no value and ${verb(count, 'gets', 'get')} the @default ${show(change.defaultValue)}`,
          fix: '',
        };
      }
      return {
        severity: 'stop',
        subject,
        count,
        message: `is now required, but ${objects(count, change.model)} ${verb(count, 'has', 'have')} no value`,
        fix: `add @default(value: ...) to ${change.field} to fill them in at start, or keep the field optional (no "!") until every object has a value`,
      };
    }
    case 'fieldRemoved': {
      const count = await store.count(change.collection, { [change.field]: { $ne: null } });
      if (count === 0) return undefined;
      return {
        severity: 'warn',
        subject: `${change.model}.${change.field}`,
        count,
        message: `was removed from the schema, but ${objects(count, change.model)} still ${verb(count, 'holds', 'hold')} a value; it stays in the store and is no longer served`,
        fix: `put the field back to serve it again; to drop the values, clear them (update with ${change.field}: null) before removing the field`,
      };
    }
    case 'typeChanged': {
      const count = await store.count(change.collection, { [change.field]: { $ne: null } });
      if (count === 0) return undefined;
      return {
        severity: 'stop',
        subject: `${change.model}.${change.field}`,
        count,
        message: `changed type from ${typeName(change.from)} to ${typeName(change.to)}, but ${objects(count, change.model)} ${verb(count, 'holds', 'hold')} a ${typeName(change.from)} value`,
        fix: `put back ${typeName(change.from)}; to change it, add a new field of the new type, copy the values over, then remove the old field`,
      };
    }
    case 'modelRemoved': {
      const count = await store.count(change.collection, {});
      if (count === 0) return undefined;
      return {
        severity: 'warn',
        subject: change.model,
        count,
        message: `type was removed from the schema, but ${objects(count, change.model)} ${verb(count, 'is', 'are')} stored; they stay in the store and are no longer served`,
        fix: `put the type back to serve them again, or delete them (delete${change.model}) before removing it`,
      };
    }
    case 'linksRemoved': {
      const count = await store.count(change.collection, {});
      if (count === 0) return undefined;
      return {
        severity: 'warn',
        subject: change.relation,
        count,
        message: `relation was removed from the schema, but ${count} ${verb(count, 'link is', 'links are')} stored; they stay in the store and are no longer served`,
        fix: `put the relation back to serve them again, or remove the links (removeFrom${change.relation}Connection) before removing it`,
      };
    }
  }
}

function typeName(type: string): string {
  return type.startsWith('->') ? `a reference to ${type.slice(2)}` : type;
}

/** The findings as an operator reads them: one paragraph each, the fix on its own line. */
export function formatFindings(findings: SchemaFinding[]): string {
  return findings
    .map((finding) => {
      const label = { stop: 'cannot apply', fill: 'will fill in', warn: 'warning' }[finding.severity];
      return `${label}: ${finding.subject} ${finding.message}.${finding.fix ? `\n  fix: ${finding.fix}` : ''}`;
    })
    .join('\n');
}
