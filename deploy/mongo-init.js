/* global db, process, print -- mongosh provides them to the image's init scripts */
// Run by the mongo image on its first start (an empty data volume), as the root user; run it
// again as root to bring an existing deployment up to date (docs/production.md, "MongoDB user").
// The API's own user gets one role, graphkeepApp, in its database: exactly the actions the API
// uses (src/store/mongo/appUserRole.ts lists them, and a test holds this file to that list).
// readWrite would not do: it lacks collMod, which turning on change-stream pre-images for an
// existing collection needs, and it allows dropping collections, which the API never does.
const database = process.env.MONGO_APP_DATABASE || 'graphkeep';
const username = process.env.MONGO_APP_USERNAME || 'graphkeep';
const appDb = db.getSiblingDB(database);
const admin = db.getSiblingDB('admin');

function ok(answer) {
  if (answer.ok !== 1) throw new Error(JSON.stringify(answer));
  return answer;
}

const privileges = [
  {
    resource: { db: database, collection: '' },
    actions: [
      'changeStream',
      'collMod',
      'createCollection',
      'createIndex',
      'find',
      'insert',
      'listCollections',
      'listIndexes',
      'remove',
      'update',
    ],
  },
];
const role = { role: 'graphkeepApp', db: database };

if (ok(appDb.runCommand({ rolesInfo: role.role })).roles.length === 0) {
  ok(appDb.runCommand({ createRole: role.role, privileges, roles: [] }));
} else {
  ok(appDb.runCommand({ updateRole: role.role, privileges, roles: [] }));
}

if (ok(admin.runCommand({ usersInfo: username })).users.length === 0) {
  ok(admin.runCommand({ createUser: username, pwd: process.env.MONGO_APP_PASSWORD, roles: [role] }));
} else {
  // An existing deployment: the user made with readWrite by earlier versions gets the role instead.
  ok(admin.runCommand({ grantRolesToUser: username, roles: [role] }));
  ok(admin.runCommand({ revokeRolesFromUser: username, roles: [{ role: 'readWrite', db: database }] }));
}
print(`graphkeep: user ${username} has role ${role.role} on ${database}`);
