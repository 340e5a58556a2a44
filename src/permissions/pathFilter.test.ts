import { loadAppModel } from '../app/loadAppModel';
import type { Filter } from '../store/Store';
import { pathFilter, type ValuesLookup } from './pathFilter';

const app = loadAppModel(`
  type Team @model { name: String  members: [User!]! @relation(name: "TeamMembers") }
  type Project @model { team: Team @relation(name: "TeamProjects")  owner: User @relation(name: "ProjectOwner") }
  type Task @model { project: Project @relation(name: "ProjectTasks") }
  type Profile @model { user: User @relation(name: "UserProfile") }
  extend type Team { projects: [Project!]! @relation(name: "TeamProjects") }
  extend type Project { tasks: [Task!]! @relation(name: "ProjectTasks") }
  extend type User {
    teams: [Team!]! @relation(name: "TeamMembers")
    projects: [Project!]! @relation(name: "ProjectOwner")
    profile: Profile @relation(name: "UserProfile")
    mentor: User @relation(name: "Mentoring")
    mentees: [User!]! @relation(name: "Mentoring")
  }
`);

/** A store stand-in: each lookup answers from this table and is recorded. */
function tableLookup(answers: Record<string, string[]>): { lookup: ValuesLookup; asked: string[] } {
  const asked: string[] = [];
  const lookup: ValuesLookup = async (collection, filter, field) => {
    const key = `${collection} ${JSON.stringify(filter)} -> ${field}`;
    asked.push(key);
    return answers[key] ?? [];
  };
  return { lookup, asked };
}

const cases: { type: string; path: string[]; answers?: Record<string, string[]>; filter: Filter; lookups: number }[] = [
  { type: 'User', path: [], filter: { _id: { $eq: 'u1' } }, lookups: 0 },
  // A stored reference needs no lookup: the filter tests the field itself.
  { type: 'Project', path: ['owner'], filter: { owner: { $eq: 'u1' } }, lookups: 0 },
  { type: 'User', path: ['mentor'], filter: { mentor: { $eq: 'u1' } }, lookups: 0 },
  // The other side of a one-to-many: the ids come from the side that stores the reference.
  {
    type: 'User', path: ['mentees'],
    answers: { 'User {"_id":{"$eq":"u1"}} -> mentor': ['m9'] },
    filter: { _id: { $in: ['m9'] } }, lookups: 1,
  },
  // Many-to-many: one index lookup in the link collection from the viewer's end.
  {
    type: 'Team', path: ['members'],
    answers: { '_link_TeamMembers {"user":{"$in":["u1"]}} -> team': ['t1', 't2'] },
    filter: { _id: { $in: ['t1', 't2'] } }, lookups: 1,
  },
  // A dotted path resolves from the viewer outwards, one hop per lookup.
  {
    type: 'Task', path: ['project', 'owner'],
    answers: { 'Project {"owner":{"$eq":"u1"}} -> _id': ['p1'] },
    filter: { project: { $in: ['p1'] } }, lookups: 1,
  },
  {
    type: 'Project', path: ['team', 'members'],
    answers: {
      '_link_TeamMembers {"user":{"$in":["u1"]}} -> team': ['t1'],
    },
    filter: { team: { $in: ['t1'] } }, lookups: 1,
  },
];

describe('pathFilter: a RELATION user field and a viewer → the store filter', () => {
  test.each(cases)('$type via [$path]', async ({ type, path, answers, filter, lookups }) => {
    const { lookup, asked } = tableLookup(answers ?? {});
    expect(await pathFilter(app, app.models.get(type)!, path, 'u1', lookup)).toEqual(filter);
    expect(asked).toHaveLength(lookups);
  });
});
