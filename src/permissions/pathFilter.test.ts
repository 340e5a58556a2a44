import { loadAppModel } from '../appModel/loadAppModel';
import type { Filter } from '../store/Store';
import { pathFilter } from './pathFilter';

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

const cases: { type: string; path: string[]; filter: Filter }[] = [
  { type: 'User', path: [], filter: { _id: { $eq: 'u1' } } },
  // A stored reference: the filter tests the field itself.
  { type: 'Project', path: ['owner'], filter: { owner: { $eq: 'u1' } } },
  { type: 'User', path: ['mentor'], filter: { mentor: { $eq: 'u1' } } },
  // The other side of a one-to-many: the ids are those the side that stores the reference holds.
  {
    type: 'User',
    path: ['mentees'],
    filter: { _id: { $inSelect: { collection: 'User', field: 'mentor', filter: { _id: { $eq: 'u1' } } } } },
  },
  // Many-to-many: the link collection, from the viewer's end.
  {
    type: 'Team',
    path: ['members'],
    filter: { _id: { $inSelect: { collection: '_link_TeamMembers', field: 'team', filter: { user: { $eq: 'u1' } } } } },
  },
  // A dotted path nests one semi-join per hop, from the object towards the viewer.
  {
    type: 'Task',
    path: ['project', 'owner'],
    filter: { project: { $inSelect: { collection: 'Project', field: '_id', filter: { owner: { $eq: 'u1' } } } } },
  },
  {
    type: 'Project',
    path: ['team', 'members'],
    // A condition on the target's own `_id` applies to the reference directly.
    filter: {
      team: { $inSelect: { collection: '_link_TeamMembers', field: 'team', filter: { user: { $eq: 'u1' } } } },
    },
  },
  {
    type: 'Team',
    path: ['projects', 'owner'],
    filter: { _id: { $inSelect: { collection: 'Project', field: 'team', filter: { owner: { $eq: 'u1' } } } } },
  },
];

describe('pathFilter: a RELATION user field and a viewer → one store filter, no lookups', () => {
  test.each(cases)('$type via [$path]', ({ type, path, filter }) => {
    expect(pathFilter(app, app.models.get(type)!, path, 'u1')).toEqual(filter);
  });
});
