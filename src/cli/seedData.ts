import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { AppModel, Model } from '../appModel/AppModel';
import { PASSWORD_FIELD } from '../appModel/builtInSchema';
import { newObjectDocument } from '../appModel/newObjectDocument';
import { assertValidNewPassword } from '../auth/passwords';
import { newPasswordFields } from '../auth/userTokens';
import { newStoredId } from '../store/newStoredId';
import type { Filter, Store, StoredDoc } from '../store/Store';

/**
 * A seed file: `{ "type": "Tag", "key": "name", "items": [{ "name": "graphql" }] }`. Items are
 * matched on `key` (a `@unique` field) and only missing ones are inserted, so seeding twice
 * changes nothing. A to-one relation is given by a unique field of its target
 * (`"author": { "username": "alice" }`); a User item may carry a `password`; a link item
 * (`"type": "UserRoles"`) names both ends the same way and needs no `key`.
 */
const SeedFile = z
  .object({
    type: z.string(),
    key: z.string().optional(),
    items: z.array(z.record(z.string(), z.unknown())),
  })
  .strict();

export class SeedError extends Error {}

export interface SeedReport {
  inserted: number;
  existing: number;
}

export async function seedData(app: AppModel, store: Store, dir: string): Promise<SeedReport> {
  const report: SeedReport = { inserted: 0, existing: 0 };
  const files = listSeedFiles(dir);
  for (const file of files) {
    const parsed = SeedFile.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success)
      throw new SeedError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const { type, key, items } = parsed.data;
    for (const [index, item] of items.entries()) {
      const where = `${file} item ${index}`;
      const inserted = app.links.has(type)
        ? await seedLink(app, store, app.links.get(type)!, item, where)
        : await seedObject(app, store, modelNamed(app, type, file), key, item, where);
      report[inserted ? 'inserted' : 'existing'] += 1;
    }
  }
  return report;
}

function listSeedFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
}

function modelNamed(app: AppModel, type: string, where: string): Model {
  const model = app.models.get(type);
  if (!model) throw new SeedError(`${where}: no type named ${type}`);
  return model;
}

/** `{ "username": "alice" }` → alice's stored id, looked up by that unique field. */
async function resolveReference(store: Store, target: Model, ref: unknown, where: string): Promise<string> {
  const entries = typeof ref === 'object' && ref !== null ? Object.entries(ref) : [];
  const field = target.fields.get(entries[0]?.[0] ?? '');
  if (entries.length !== 1 || field?.kind !== 'scalar' || !field.unique) {
    throw new SeedError(
      `${where}: a reference to ${target.name} must name one @unique field, like { "${uniqueFieldOf(target)}": "…" }`,
    );
  }
  const [found] = await store.find(target.collection, {
    filter: { [entries[0][0]]: { $eq: entries[0][1] as string } },
    sort: [],
    limit: 1,
  });
  if (!found) throw new SeedError(`${where}: no ${target.name} with ${entries[0][0]} ${JSON.stringify(entries[0][1])}`);
  return found._id;
}

function uniqueFieldOf(model: Model): string {
  return [...model.fields.values()].find((f) => f.kind === 'scalar' && f.unique)?.name ?? 'id';
}

async function seedObject(
  app: AppModel,
  store: Store,
  model: Model,
  key: string | undefined,
  item: Record<string, unknown>,
  where: string,
): Promise<boolean> {
  const keyField = key ? model.fields.get(key) : undefined;
  if (!key || keyField?.kind !== 'scalar' || !keyField.unique || item[key] === undefined) {
    throw new SeedError(`${where}: "key" must name a @unique field of ${model.name} that every item sets`);
  }
  const [existing] = await store.find(model.collection, {
    filter: { [key]: { $eq: item[key] as string } },
    sort: [],
    limit: 1,
  });
  if (existing) return false;
  const fields: Record<string, unknown> = {};
  let hidden: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    const field = model.fields.get(name);
    if (model.name === 'User' && name === PASSWORD_FIELD) {
      assertValidNewPassword(String(value));
      hidden = await newPasswordFields(String(value));
    } else if (field?.kind === 'scalar' && !field.system) {
      fields[name] = value;
    } else if (field?.kind === 'relation' && field.storage === 'reference') {
      fields[name] = await resolveReference(store, app.models.get(field.target)!, value, `${where}.${name}`);
    } else {
      throw new SeedError(`${where}: ${model.name} has no writable field ${name}`);
    }
  }
  await store.insert(model.collection, newObjectDocument(model, fields, { hidden }));
  return true;
}

async function seedLink(
  app: AppModel,
  store: Store,
  links: Model,
  item: Record<string, unknown>,
  where: string,
): Promise<boolean> {
  const relation = app.relations.get(links.name);
  if (relation?.kind !== 'manyToMany') throw new SeedError(`${where}: ${links.name} is not a many-to-many relation`);
  const doc: StoredDoc = { _id: newStoredId(), createdAt: new Date().toISOString() };
  const match: Filter[] = [];
  for (const [index, linkKey] of relation.linkKeys.entries()) {
    const target = app.models.get(relation.ends[index].model)!;
    doc[linkKey] = await resolveReference(store, target, item[linkKey], `${where}.${linkKey}`);
    match.push({ [linkKey]: { $eq: doc[linkKey] as string } });
  }
  for (const [name, value] of Object.entries(item)) {
    if (relation.linkKeys.includes(name)) continue;
    if (links.fields.get(name)?.kind !== 'scalar') throw new SeedError(`${where}: ${links.name} has no field ${name}`);
    doc[name] = value;
  }
  if ((await store.count(links.collection, { $and: match })) > 0) return false;
  await store.insert(links.collection, doc);
  return true;
}
