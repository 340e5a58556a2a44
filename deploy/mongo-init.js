/* global db, process -- mongosh provides both to the image's init scripts */
// Run by the mongo image on its first start (an empty data volume), as the root user:
// the API's own user, allowed to read and write its database and nothing else.
// readWrite covers what Graphkeep does: documents, indexes, transactions and change streams.
const database = process.env.MONGO_APP_DATABASE || 'graphkeep';
db.getSiblingDB('admin').createUser({
  user: process.env.MONGO_APP_USERNAME || 'graphkeep',
  pwd: process.env.MONGO_APP_PASSWORD,
  roles: [{ role: 'readWrite', db: database }],
});
