import type { AppModel, Model, Relation } from '../appModel/AppModel';
import { ADMIN_ROLE, USER_ROLES } from '../appModel/builtInSchema';
import { linkKeys } from '../appModel/linkKeys';
import type { Store, StoredDoc } from '../store/Store';
import type { Fixtures } from './ruleTestFiles';
import { RulesError } from '../permissions/RulesError';

type ManyToMany = Extract<Relation, { kind: 'manyToMany' }>;

/** Fixtures as stored: each name with its model and document. */
export type StoredFixtures = Map<string, { model: Model; doc: StoredDoc }>;

/** Fixtures are stored as of one fixed instant, so a run never depends on the clock. */
const FIXTURE_TIME = '2000-01-01T00:00:00.000Z';

/**
 * Writes fixtures through the store port, as the API would have stored them: users, the
 * roles they name (and `admin`), their memberships, objects with their references, and one
 * link per many-to-many pair. Names are resolved to ids; a name that is unknown or of the
 * wrong type is an error naming the fixtures file.
 */
export async function storeFixtures(
  app: AppModel,
  store: Store,
  fixtures: Fixtures,
  file: string,
): Promise<StoredFixtures> {
  const fail = (reason: string): never => {
    throw new RulesError(file, undefined, reason);
  };
  const userModel = app.models.get('User')!;
  const roleModel = app.models.get('Role')!;
  const named: StoredFixtures = new Map();
  let next = 0;
  const newId = () => (++next).toString(16).padStart(24, '0');

  for (const name of Object.keys(fixtures.users)) named.set(name, { model: userModel, doc: { _id: newId() } });
  for (const [name, { type }] of Object.entries(fixtures.objects)) {
    if (named.has(name)) fail(`the name ${name} is used twice`);
    const model = app.models.get(type) ?? fail(`object ${name}: there is no model named ${type}`);
    named.set(name, { model, doc: { _id: newId() } });
  }

  // A Role fixture whose name is already stored (a running server makes the roles its rules
  // name at start, docs/api.md#roles) is that role: it keeps the stored id and is not inserted again.
  const stored = new Set<StoredDoc>();
  for (const [name, { type, data }] of Object.entries(fixtures.objects)) {
    if (type !== roleModel.name || typeof data.name !== 'string') continue;
    const [existing] = await store.find(roleModel.collection, {
      filter: { name: { $eq: data.name } },
      sort: [],
      limit: 1,
    });
    if (existing) {
      named.get(name)!.doc._id = existing._id;
      stored.add(named.get(name)!.doc);
    }
  }

  const links = new Map<string, { collection: string; doc: StoredDoc }>();
  const resolve = (name: string, data: Record<string, unknown>) => {
    const { model, doc } = named.get(name)!;
    const values = fixtureValues(app, model, doc._id, data, named, `${name}: `, fail);
    Object.assign(doc, values.stored, { createdAt: FIXTURE_TIME, modifiedAt: FIXTURE_TIME });
    // A link given from both ends is stored once.
    for (const link of values.links) {
      const key = `${link.collection}:${JSON.stringify(Object.entries(link.keys).sort())}`;
      if (!links.has(key))
        links.set(key, { collection: link.collection, doc: { _id: newId(), ...link.keys, createdAt: FIXTURE_TIME } });
    }
  };
  for (const [name, user] of Object.entries(fixtures.users)) resolve(name, { username: name, ...user.data });
  for (const [name, object] of Object.entries(fixtures.objects)) resolve(name, object.data);

  // A role named by a membership is the Role fixture of that name, or the stored role (the
  // built-in admin role of a running server), else made here.
  const roleIds = new Map(
    [...named.values()].filter((f) => f.model === roleModel).map((f) => [f.doc.name as string, f.doc._id]),
  );
  for (const role of [ADMIN_ROLE, ...Object.values(fixtures.users).flatMap((u) => Object.keys(u.roles))]) {
    if (roleIds.has(role)) continue;
    const [stored] = await store.find(roleModel.collection, { filter: { name: { $eq: role } }, sort: [], limit: 1 });
    if (stored) {
      roleIds.set(role, stored._id);
      continue;
    }
    roleIds.set(role, newId());
    await store.insert(roleModel.collection, {
      _id: roleIds.get(role)!,
      name: role,
      createdAt: FIXTURE_TIME,
      modifiedAt: FIXTURE_TIME,
    });
  }
  for (const { model, doc } of named.values()) if (!stored.has(doc)) await store.insert(model.collection, doc);
  for (const { collection, doc } of links.values()) await store.insert(collection, doc);
  const memberships = app.relations.get(USER_ROLES) as ManyToMany;
  const [userKey, roleKey] = linkKeys(memberships, 'User');
  for (const [name, user] of Object.entries(fixtures.users)) {
    for (const [role, accessLevel] of Object.entries(user.roles)) {
      await store.insert(memberships.collection, {
        _id: newId(),
        [userKey]: named.get(name)!.doc._id,
        [roleKey]: roleIds.get(role)!,
        accessLevel,
        createdAt: FIXTURE_TIME,
      });
    }
  }
  return named;
}

interface FixtureLink {
  collection: string;
  keys: Record<string, string>;
}

/**
 * A fixture's `data` as stored: scalars as given, to-one references as the named fixture's
 * id, many-to-many fields as links. A field stored on the other side is refused with the
 * field to set instead.
 */
export function fixtureValues(
  app: AppModel,
  model: Model,
  ownId: string,
  data: Record<string, unknown>,
  named: StoredFixtures,
  where: string,
  fail: (reason: string) => never,
): { stored: Record<string, unknown>; links: FixtureLink[] } {
  const stored: Record<string, unknown> = {};
  const links: FixtureLink[] = [];
  const target = (value: unknown, field: string, type: string): StoredDoc => {
    const found = typeof value === 'string' ? named.get(value) : undefined;
    if (!found) return fail(`${where}${model.name}.${field} names ${JSON.stringify(value)}, which is not a fixture`);
    if (found.model.name !== type)
      fail(`${where}${model.name}.${field} needs a ${type}, and ${String(value)} is a ${found.model.name}`);
    return found.doc;
  };
  for (const [name, value] of Object.entries(data)) {
    const field = model.fields.get(name);
    // The write-only password is no model field, yet a create case may give it (docs/api.md#users-and-tokens).
    if (name === 'password' && model.name === 'User') {
      stored[name] = value;
      continue;
    }
    if (!field) fail(`${where}${model.name} has no field ${name}`);
    else if (field.kind === 'scalar') stored[name] = value;
    else if (field.storage === 'reference') stored[name] = target(value, name, field.target)._id;
    else if (field.storage === 'reverse') {
      const relation = app.relations.get(field.relation)!;
      fail(
        `${where}${model.name}.${name} is stored on the other side: set ${relation.kind === 'toOne' ? `${relation.owner.model}.${relation.owner.field}` : name} there`,
      );
    } else {
      const relation = app.relations.get(field.relation) as ManyToMany;
      if (!Array.isArray(value)) fail(`${where}${model.name}.${name} is many-to-many: give a list of fixture names`);
      const [mine, theirs] = linkKeys(relation, model.name);
      for (const other of value as unknown[]) {
        links.push({
          collection: relation.collection,
          keys: { [mine]: ownId, [theirs]: target(other, name, field.target)._id },
        });
      }
    }
  }
  return { stored, links };
}
